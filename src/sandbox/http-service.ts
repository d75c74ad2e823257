import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { type FaultSettings, Faults } from './faults.js'

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL
) => Promise<void> | void

/** A sandbox service: an HTTP server on a free local port, with fault injection in front of it. */
export interface HttpService {
  name: string
  url: string
  faults: Faults
  /** Requests served so far (fault-injected ones included; the faults admin route not). */
  readonly requests: number
  close(): Promise<void>
}

const ADMIN_PATH = '/_sandbox/faults'

/**
 * Serves `handler` on 127.0.0.1. `PUT /_sandbox/faults` (JSON FaultSettings) changes the faults
 * from another process; `DELETE` clears them. Handler errors answer 500 with the message.
 */
export async function startHttpService(
  name: string,
  handler: Handler,
  { port = 0 } = {}
): Promise<HttpService> {
  const faults = new Faults()
  let requests = 0
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    if (!req.url?.startsWith(ADMIN_PATH)) requests++
    void serve(name, faults, handler, req, res)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (typeof address !== 'object' || address === null)
    throw new Error(`${name}: no address`)
  return {
    name,
    url: `http://127.0.0.1:${address.port}`,
    faults,
    get requests() {
      return requests
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

async function serve(
  name: string,
  faults: Faults,
  handler: Handler,
  req: IncomingMessage,
  res: ServerResponse
) {
  const url = new URL(req.url ?? '/', 'http://sandbox.local')
  try {
    if (url.pathname === ADMIN_PATH) return await administer(faults, req, res)
    const decision = faults.decide()
    if (decision.delayMs > 0) await sleep(decision.delayMs)
    switch (decision.fault) {
      case 'hang':
        return
      case 'reset':
        req.socket.destroy()
        return
      case 'rate-limit':
        res
          .writeHead(429, { 'retry-after': String(decision.retryAfterSeconds) })
          .end('rate limited (sandbox fault)')
        return
      case 'error':
        res.writeHead(503).end('service unavailable (sandbox fault)')
        return
    }
    await handler(req, res, url)
  } catch (err) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
    res.end(`${name}: ${err instanceof Error ? err.message : String(err)}`)
  }
}

async function administer(
  faults: Faults,
  req: IncomingMessage,
  res: ServerResponse
) {
  if (req.method === 'DELETE') faults.clear()
  else if (req.method === 'PUT')
    faults.set(
      JSON.parse((await readBody(req)).toString('utf8')) as FaultSettings
    )
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify(faults.settings))
}

export async function readBody(
  req: IncomingMessage,
  limit = 64 * 1024 * 1024
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new Error(`request body over ${limit} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
