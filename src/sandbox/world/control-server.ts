/**
 * A world's control surface for another process (the worker benchmark drives a world in a child
 * process through it), on 127.0.0.1:
 *   PUT    /faults    JSON FaultSettings for every faulted service (e.g. {"latencyMs":100})
 *   DELETE /faults    clears them
 *   GET    /requests  requests served so far, by faulted service
 *   GET    /ledger    side effects so far, by ledger kind
 *   GET    /services  URL by faulted service, and the storage nodes' URLs
 *   POST   /seed      {"options": Partial<SeedOptions>, "how": WorldSeeding} → SeededWorld
 */
import { createServer, type IncomingMessage } from 'node:http'
import { FAULTED_SERVICES } from '../faulted-services.js'
import type { FaultSettings } from '../faults.js'
import { readBody } from '../http-service.js'
import type { Ledger, LedgerKind } from '../ledger.js'
import type { SeedOptions } from '../seed/plan.js'
import type { WorldSeeding } from './seed-world.js'
import type { World } from './start-world.js'

/** What the control server reads and drives of a world. */
export interface ControlledWorld extends Pick<World, 'services' | 'seed'> {
  sandbox: {
    ledger: Pick<Ledger, 'count'>
    uploadService: { storageNodes: string[] }
  }
}

export interface ControlServer {
  url: string
  close(): Promise<void>
}

const LEDGER_KINDS: readonly LedgerKind[] = [
  'blob-added',
  'index-registered',
  'claim-cached',
  'delegation-stored',
  'delegation-revoked',
]

type Route = (req: IncomingMessage) => Promise<unknown>

export async function startControlServer(
  world: ControlledWorld,
  { port = 0 } = {}
): Promise<ControlServer> {
  const setFaults = (settings: FaultSettings) => {
    for (const name of FAULTED_SERVICES)
      world.services[name].faults.set(settings)
    return settings
  }
  const routes: Record<string, Route> = {
    'PUT /faults': async (req) => setFaults(await json<FaultSettings>(req)),
    'DELETE /faults': () => Promise.resolve(setFaults({})),
    'GET /requests': () =>
      Promise.resolve(
        Object.fromEntries(
          FAULTED_SERVICES.map((name) => [name, world.services[name].requests])
        )
      ),
    'GET /ledger': () =>
      Promise.resolve(
        Object.fromEntries(
          LEDGER_KINDS.map((kind) => [kind, world.sandbox.ledger.count(kind)])
        )
      ),
    'GET /services': () =>
      Promise.resolve({
        ...Object.fromEntries(
          FAULTED_SERVICES.map((name) => [name, world.services[name].url])
        ),
        storageNodes: world.sandbox.uploadService.storageNodes,
      }),
    'POST /seed': async (req) => {
      const { options, how } = await json<{
        options: Partial<SeedOptions>
        how?: WorldSeeding
      }>(req)
      return world.seed(options, how)
    },
  }
  const server = createServer((req, res) => {
    const route = routes[`${req.method} ${req.url?.split('?')[0]}`]
    if (!route) {
      res.writeHead(404).end('no such control route')
      return
    }
    route(req).then(
      (body) =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(body)),
      (err: unknown) =>
        res
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(err instanceof Error ? (err.stack ?? err.message) : String(err))
    )
  })
  // Seeding a large world takes minutes: no request timeout.
  server.requestTimeout = 0
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (typeof address !== 'object' || address === null)
    throw new Error('control server: no address')
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function json<T>(req: IncomingMessage): Promise<T> {
  return JSON.parse((await readBody(req)).toString('utf8')) as T
}
