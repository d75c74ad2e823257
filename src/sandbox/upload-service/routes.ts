import type { IncomingMessage, ServerResponse } from 'node:http'
import type {
  Agent,
  Service,
  UcantoServerTestContext,
} from '@storacha/upload-api'
import { Message } from '@ucanto/core'
import type { Signer } from '@ucanto/interface'
import { CAR } from '@ucanto/transport'
import * as Link from 'multiformats/link'
import { type Handler, readBody } from '../http-service.js'
import { InvalidProvision, ProvisionConflict } from './errors.js'
import { refuseWrites, type WritesSwitch } from './writes-switch.js'

const RECEIPT_PREFIX = '/receipt/'
const PROVISION_PREFIX = '/_sandbox/provision/'
const WRITES_PATH = '/_sandbox/writes'
export const DEFAULT_CUSTOMER = 'did:mailto:sandbox.local:migration'

export interface RouteDeps {
  agent: Agent<Service>
  /** The service's signer, for receipts the sandbox answers itself. */
  signer: Signer
  writes: WritesSwitch
  receipts: UcantoServerTestContext['agentStore']['receipts']
  provision(space: string, customer: string): Promise<void>
}

/**
 * `POST /` ucanto agent messages, `GET /receipt/<task CID>` (where upload-client polls for the
 * `blob/accept` receipt), `POST /_sandbox/provision/<space>?customer=<did:mailto>`, and
 * `PUT /_sandbox/writes` `{"disabled": true}` (the write kill-switch; `GET` reads it).
 */
export function uploadServiceRoutes(deps: RouteDeps): Handler {
  return async (req, res, url) => {
    if (req.method === 'POST' && url.pathname === '/')
      return invoke(deps, req, res)
    if (url.pathname === WRITES_PATH) return writesSwitch(deps.writes, req, res)
    if (req.method === 'GET' && url.pathname.startsWith(RECEIPT_PREFIX))
      return receipt(
        deps.receipts,
        url.pathname.slice(RECEIPT_PREFIX.length),
        res
      )
    if (req.method === 'POST' && url.pathname.startsWith(PROVISION_PREFIX))
      return provision(deps, url, res)
    res.writeHead(404).end()
  }
}

async function invoke(
  deps: RouteDeps,
  req: IncomingMessage,
  res: ServerResponse
) {
  const body = new Uint8Array(await readBody(req))
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [name, String(value)])
  )
  const refused = await refuseWrites(deps.writes, deps.signer, {
    headers,
    body,
  })
  if (refused) return void res.writeHead(200, refused.headers).end(refused.body)
  const out = await deps.agent.request({ headers, body })
  res.writeHead(out.status ?? 200, out.headers).end(out.body)
}

async function writesSwitch(
  writes: WritesSwitch,
  req: IncomingMessage,
  res: ServerResponse
) {
  if (req.method === 'PUT') {
    const asked = JSON.parse(
      Buffer.from(await readBody(req)).toString() || '{}'
    ) as { disabled?: unknown }
    if (typeof asked.disabled !== 'boolean')
      return void res.writeHead(400).end('expected {"disabled": true|false}')
    writes.disabled = asked.disabled
  } else if (req.method !== 'GET') return void res.writeHead(405).end()
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ disabled: writes.disabled, refused: writes.refused }))
}

async function receipt(
  receipts: RouteDeps['receipts'],
  task: string,
  res: ServerResponse
) {
  const cid = parseLink(task)
  if (!cid) return void res.writeHead(400).end(`not a CID: ${task}`)
  const found = await receipts.get(cid)
  if (found.error)
    return void res.writeHead(404).end(`no receipt for task ${task}`)
  const message = await Message.build({ receipts: [found.ok] })
  const encoded = await CAR.outbound.encode(message)
  res.writeHead(200, { 'content-type': CAR.contentType }).end(encoded.body)
}

async function provision(deps: RouteDeps, url: URL, res: ServerResponse) {
  const space = decodeURIComponent(url.pathname.slice(PROVISION_PREFIX.length))
  const customer = url.searchParams.get('customer') ?? DEFAULT_CUSTOMER
  try {
    await deps.provision(space, customer)
  } catch (err) {
    if (err instanceof InvalidProvision || err instanceof ProvisionConflict)
      return void res.writeHead(400).end(err.message)
    throw err
  }
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ space, customer }))
}

function parseLink(text: string) {
  try {
    return Link.parse(text)
  } catch {
    return undefined
  }
}
