import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { customersPage } from './customers-page.js'
import type { DashboardTables } from './dashboard-tables.js'
import { failuresPage } from './failures-page.js'
import type { ScopeLinks } from './links.js'
import type { Refresher } from './refresher.js'
import { loadStaticFiles, type StaticFile } from './static-files.js'

export interface DashboardDeps {
  tables: DashboardTables
  links: ScopeLinks
  refresher: Refresher
}

export interface RunningServer {
  /** `http://host:port/`, with the port the system gave when asked for 0. */
  url: string
  close(): Promise<void>
}

/**
 * The page, its static files and three JSON endpoints: `/api/state` (the refresher's latest
 * read, never a read of its own), and pages of `/api/customers` and `/api/failures`.
 */
export async function startServer(
  deps: DashboardDeps,
  { port, host }: { port: number; host: string }
): Promise<RunningServer> {
  const files = await loadStaticFiles()
  const server = createServer((req, res) => {
    handle(deps, files, req, res).catch((err: unknown) =>
      sendJson(res, 500, {
        error: err instanceof Error ? err.message : String(err),
      })
    )
  })
  await listen(server, port, host)
  const address = server.address() as AddressInfo
  const shown =
    address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${shown}:${address.port}/`,
    close: () => closeServer(server),
  }
}

async function handle(
  deps: DashboardDeps,
  files: Map<string, StaticFile>,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://dashboard')
  if (req.method !== 'GET') return sendJson(res, 405, { error: 'GET only' })
  const file = files.get(url.pathname)
  if (file) return send(res, 200, file.type, file.body)
  const query = (name: string) => url.searchParams.get(name) || undefined
  switch (url.pathname) {
    case '/api/state': {
      const state = deps.refresher.state()
      if (state) return sendJson(res, 200, state)
      return sendJson(res, 503, {
        error:
          deps.refresher.error() ??
          'the first read of the tables is still running',
      })
    }
    case '/api/customers':
      return sendJson(
        res,
        200,
        await customersPage(deps.tables, deps.links, {
          instance: query('instance'),
          cursor: query('cursor'),
        })
      )
    case '/api/failures': {
      const reason = query('reason')
      if (!reason) return sendJson(res, 400, { error: 'name a reason' })
      return sendJson(
        res,
        200,
        await failuresPage(deps.tables, deps.links, {
          reason,
          cursor: query('cursor'),
        })
      )
    }
    default:
      return sendJson(res, 404, { error: `no ${url.pathname}` })
  }
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: Buffer | string
): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  res.end(body)
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body))

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()))
    server.closeAllConnections()
  })
}
