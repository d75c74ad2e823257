import * as Server from '@ucanto/server'
import * as CAR from '@ucanto/transport/car'
import { Verifier } from '../../principal/index.js'
import { accept, type AcceptDeps } from './accept.js'
import { allocate, type AllocateDeps } from './allocate.js'
import type { StorageNodeOptions } from './api.js'

export type UcanServerDeps = AllocateDeps &
  AcceptDeps &
  Pick<StorageNodeOptions, 'resolveDIDKey'>

/**
 * The node's ucanto server: ed25519 verified through node:crypto, the upload service's did:web
 * resolved to its key; authorization is the invocation's proof chain back to the node.
 */
export function createUcanServer(deps: UcanServerDeps) {
  return Server.create({
    id: deps.id,
    codec: CAR.inbound,
    principal: Verifier,
    service: { blob: { allocate: allocate(deps), accept: accept(deps) } },
    validateAuthorization: () => ({ ok: {} }),
    resolveDIDKey: deps.resolveDIDKey,
  })
}

export type UcanServer = ReturnType<typeof createUcanServer>
