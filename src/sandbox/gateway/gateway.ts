import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RevocationsStorage } from '@storacha/upload-api'
import type { DID, Delegation, Signer } from '@ucanto/interface'
import { type HttpService, startHttpService } from '../http-service.js'
import type { Ledger } from '../ledger.js'
import { DelegationStore } from './delegation-store.js'
import { createDidResolver, type DidKeys } from './did-resolver.js'
import { InvalidRoot, ipfsRoot } from './ipfs-root.js'
import {
  checkServe,
  type ServeCheck,
  type ServeCheckDeps,
} from './serve-authorization.js'
import { createUcanServer, serveUcan, type UcanServer } from './ucan-server.js'
import { attesterProofs } from './validator-proofs.js'

/**
 * What the sandbox knows about a root: `false` → 404; `true` → served without authorization
 * (Freeway's legacy path: only space-less location claims); `{ spaces }` → served when one of
 * those spaces has authorized the gateway (`space/content/serve/transport/http`).
 */
export type Servability = boolean | { spaces: readonly string[] }

export type IsServable = (root: string) => Servability | Promise<Servability>

export interface GatewayOptions {
  /** The gateway key, signing as its did:web (`identities.gateway`). */
  signer: Signer
  ledger: Ledger
  /** did:web → did:key for every service whose signature the gateway must verify. */
  didKeys: DidKeys
  /**
   * DIDs whose `ucan/attest` the gateway accepts besides its own. Default: every did:web in
   * `didKeys` other than the gateway, so upload-service attestations pass as the migration needs.
   */
  attesters?: readonly DID[]
  /**
   * The upload service's revocations (`ucan/revoke`), consulted before serving; none: no
   * delegation is ever revoked, as in Freeway 2.36.1.
   */
  revocations?: RevocationsStorage
  /** Answers `HEAD /ipfs/<cid>`; default: nothing is servable. */
  isServable?: IsServable
  port?: number
}

export interface Gateway extends HttpService {
  did: DID
  /** Every delegation stored for `space`, decoded from the stored archives. */
  delegationsFor(space: string): Promise<Delegation[]>
  /** Whether stored delegations authorize serving `space` (`GET /_sandbox/servable/<space>`). */
  servable(space: string): Promise<ServeCheck>
  /** Spaces whose `access/delegate` is refused with `Unauthorized`, for tests to fill. */
  refusedSpaces: Set<string>
}

export const SERVABLE_PATH = '/_sandbox/servable/'

/**
 * The sandbox Freeway: `POST /` ucanto `access/delegate`, `HEAD /ipfs/<cid>` (or
 * `<cid>.ipfs.<host>`) as a retrieval probe target, `GET /_sandbox/servable/<space>` → JSON
 * {@link ServeCheck}. Other requests → 404.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { signer, ledger, didKeys, isServable = () => false } = options
  const attesters =
    options.attesters ??
    (Object.keys(didKeys) as DID[]).filter((did) => did !== signer.did())
  const validatorProofs = await attesterProofs(signer, attesters)
  const store = new DelegationStore()
  const resolveDIDKey = createDidResolver(didKeys)
  const deps = {
    identity: signer,
    store,
    validatorProofs,
    resolveDIDKey,
    revocations: options.revocations,
  }
  const refusedSpaces = new Set<string>()
  const server = createUcanServer({ ...deps, ledger, refusedSpaces })
  const routes = { server, serveDeps: deps, isServable }
  const service = await startHttpService(
    'gateway',
    (req, res, url) => route(routes, req, res, url),
    { port: options.port }
  )
  return {
    ...service,
    // A getter, not the spread's copy: the count goes on.
    get requests() {
      return service.requests
    },
    did: signer.did(),
    delegationsFor: (space) => store.find(space),
    servable: (space) => checkServe(deps, space),
    refusedSpaces,
  }
}

interface Routes {
  server: UcanServer
  serveDeps: ServeCheckDeps
  isServable: IsServable
}

async function route(
  routes: Routes,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL
): Promise<void> {
  if (req.method === 'POST' && url.pathname === '/')
    return serveUcan(routes.server, req, res)
  if (req.method === 'GET' && url.pathname.startsWith(SERVABLE_PATH))
    return answerServable(routes, url, res)
  let root: string | undefined
  try {
    root = ipfsRoot(url, req.headers.host)
  } catch (err) {
    if (!(err instanceof InvalidRoot)) throw err
    res.writeHead(400).end(err.message)
    return
  }
  if (root && req.method === 'HEAD') return probe(routes, root, res)
  res.writeHead(root ? 405 : 404).end()
}

async function answerServable(routes: Routes, url: URL, res: ServerResponse) {
  const space = decodeURIComponent(url.pathname.slice(SERVABLE_PATH.length))
  const check = await checkServe(routes.serveDeps, space)
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify(check))
}

async function probe(routes: Routes, root: string, res: ServerResponse) {
  const servable = await isAuthorized(routes, await routes.isServable(root))
  res.writeHead(servable ? 200 : 404).end()
}

/** Freeway's `Promise.any` over the located spaces: one authorized space suffices. */
async function isAuthorized(routes: Routes, servability: Servability) {
  if (typeof servability === 'boolean') return servability
  const checks = await Promise.all(
    servability.spaces.map((space) => checkServe(routes.serveDeps, space))
  )
  return checks.some((check) => check.servable)
}
