import * as Server from '@ucanto/server'
import * as CAR from '@ucanto/transport/car'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Verifier } from '../../principal/index.js'
import { readBody } from '../http-service.js'
import { accessDelegate, type AccessDelegateDeps } from './access-delegate.js'
import type { createDidResolver } from './did-resolver.js'

export interface UcanServerDeps extends AccessDelegateDeps {
  resolveDIDKey: ReturnType<typeof createDidResolver>
}

/**
 * Freeway's ucanto server: CAR codec, ed25519 verified through node:crypto, no revocation check, the validator proofs as the
 * authority's proofs, and did:web keys from the fixed table.
 */
export function createUcanServer(deps: UcanServerDeps) {
  return Server.create({
    id: deps.identity,
    codec: CAR.inbound,
    principal: Verifier,
    service: { access: { delegate: accessDelegate(deps) } },
    validateAuthorization: () => ({ ok: {} }),
    resolveDIDKey: deps.resolveDIDKey,
    proofs: deps.validatorProofs,
  })
}

export type UcanServer = ReturnType<typeof createUcanServer>

/** Answers one HTTP request with the server, status and headers as the codec chose them. */
export async function serveUcan(
  server: UcanServer,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  const { status, headers, body } = await server.request({
    headers: flatHeaders(req),
    body: await readBody(req),
  })
  res.writeHead(status ?? 200, headers).end(body)
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined)
      flat[name] = Array.isArray(value) ? value.join(', ') : value
  return flat
}
