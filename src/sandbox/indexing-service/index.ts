import type { IncomingMessage, ServerResponse } from 'node:http'
import { startHttpService, readBody } from '../http-service.js'
import type {
  IndexingService,
  IndexingServiceOptions,
  PublishLocationOptions,
} from './api.js'
import { ClaimStore } from './claim-store.js'
import { claimArchive, serveClaim } from './claim-route.js'
import { serveQuery } from './claims-route.js'
import { httpMultiaddr } from '../../migration/claims/multiaddr.js'
import { cacheLocation, publishIndexBytes } from './publish.js'
import { createUcanServer } from './ucan-server.js'

export type * from './api.js'
export type { IndexerUcanService } from './ucan-server.js'

/** Starts the sandbox indexing service on 127.0.0.1 (a free port unless `port` is given). */
export async function startIndexingService(
  options: IndexingServiceOptions
): Promise<IndexingService> {
  const store = new ClaimStore()
  const failingQueries = new Map<string, number>()
  const fetch = options.fetch ?? globalThis.fetch
  const lag = { indexes: false }
  const ucan = createUcanServer({
    signer: options.signer,
    ledger: options.ledger,
    store,
    fetch,
    didKeys: options.didKeys ?? {},
    lag,
  })
  const route = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const claim = /^\/claim\/([^/]+)$/.exec(url.pathname)
    if (req.method === 'GET' && url.pathname === '/claims')
      return serveQuery(
        { store, fetch, failing: failingQueries },
        req,
        res,
        url
      )
    if (
      req.method === 'POST' &&
      (url.pathname === '/' || url.pathname === '/claims')
    )
      return serveUcan(ucan, req, res)
    if (req.method === 'GET' && claim?.[1])
      return serveClaim(store, res, claim[1])
    if (req.method === 'GET' && url.pathname === '/')
      return void res.end(`sandbox indexing service ${options.signer.did()}`)
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
  }
  const http = await startHttpService('indexing-service', route, {
    port: options.port,
  })
  return {
    ...http,
    // A getter, not the spread's copy: the count goes on.
    get requests() {
      return http.requests
    },
    did: options.signer.did(),
    publishLocationClaim: async (claim, publish?: PublishLocationOptions) => {
      const addresses = (publish?.addresses ?? []).map((a) =>
        typeof a === 'string' ? httpMultiaddr(a).bytes : a
      )
      await cacheLocation(store, claim, addresses)
    },
    publishIndex: (claim, bytes) => publishIndexBytes(store, claim, bytes),
    claimArchive: (cid) => claimArchive(store, cid),
    failingQueries,
    reset: () => store.clear(),
    lag,
  }
}

async function serveUcan(
  ucan: ReturnType<typeof createUcanServer>,
  req: IncomingMessage,
  res: ServerResponse
) {
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, String(v)])
  )
  const body = new Uint8Array(await readBody(req))
  const response = await ucan.request({ method: 'POST', headers, body })
  res.writeHead(response.status ?? 200, response.headers).end(response.body)
}
