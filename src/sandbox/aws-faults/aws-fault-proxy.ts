import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http'
import type { Socket } from 'node:net'
import {
  type AwsErrorKind,
  type AwsService,
  awsErrorAnswer,
} from './aws-error-answers.js'

/** What the fault proxy does to a request instead of passing it on. */
export type AwsHttpFault = AwsErrorKind | 'hang'
export const AWS_HTTP_FAULTS: readonly AwsHttpFault[] = [
  'throttle',
  '5xx',
  'hang',
]

/** Probabilities per request. */
export interface AwsFaultSettings {
  /** Throttling answers (DynamoDB 400 ProvisionedThroughputExceeded/Throttling, S3 503 SlowDown, SQS 400 ThrottlingException). */
  throttleRate?: number
  /** Server errors (500 InternalServerError / InternalError / InternalFailure). */
  errorRate?: number
  /** No answer at all, the connection held open until the client gives up. */
  hangRate?: number
}

export interface AwsFaultProxy {
  service: AwsService
  /** `http://127.0.0.1:<port>`, to put in front of the real endpoint. */
  url: string
  set(settings: AwsFaultSettings): void
  clear(): void
  /** The next `count` requests get `fault`, before any rate applies. */
  next(fault: AwsHttpFault, count?: number): void
  /** Drops the connections of the requests it holds (hangs) now. */
  dropHeld(): void
  /** Requests received so far, faulted ones included. */
  readonly requests: number
  /** Requests that got each fault so far. */
  readonly injected: Readonly<Record<AwsHttpFault, number>>
  close(): Promise<void>
}

/**
 * An HTTP reverse proxy in front of DynamoDB Local or the S3/SQS emulator that answers a share of
 * requests as AWS does when it throttles or fails, so that the real AWS SDK of a worker meets
 * real error answers (and its own retry rules) without any mock. The rest pass through unchanged,
 * streamed both ways. What TCP can do on its own (latency, resets, truncation) is toxiproxy's.
 */
export async function startAwsFaultProxy({
  service,
  upstream,
  random = Math.random,
}: {
  service: AwsService
  upstream: string
  random?: () => number
}): Promise<AwsFaultProxy> {
  const target = new URL(upstream)
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  let settings: AwsFaultSettings = {}
  const queued: AwsHttpFault[] = []
  const injected: Record<AwsHttpFault, number> = {
    throttle: 0,
    '5xx': 0,
    hang: 0,
  }
  let requests = 0
  const sockets = new Set<Socket>()
  const held = new Set<Socket>()

  const decide = (): AwsHttpFault | undefined => {
    const first = queued.shift()
    if (first) return first
    const rates: [AwsHttpFault, number | undefined][] = [
      ['hang', settings.hangRate],
      ['throttle', settings.throttleRate],
      ['5xx', settings.errorRate],
    ]
    return rates.find(([, rate]) => rate && random() < rate)?.[0]
  }

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
        answer.once('error', () => res.destroy())
      }
    )
    out.once('error', () => res.destroy())
    req.pipe(out)
  }

  const server = createServer((req, res) => {
    requests++
    const fault = decide()
    if (!fault) return forward(req, res)
    injected[fault]++
    if (fault === 'hang') {
      held.add(req.socket)
      req.socket.once('close', () => held.delete(req.socket))
      return void req.resume()
    }
    const answer = awsErrorAnswer(service, fault, req, injected[fault])
    req.resume()
    req.once('end', () => {
      res.writeHead(answer.status, {
        ...answer.headers,
        'content-length': String(Buffer.byteLength(answer.body)),
      })
      res.end(answer.body)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (typeof address !== 'object' || address === null)
    throw new Error(`${service} fault proxy: no address`)
  return {
    service,
    url: `http://127.0.0.1:${address.port}`,
    set: (next) => void (settings = { ...next }),
    clear() {
      settings = {}
      queued.length = 0
    },
    next(fault, count = 1) {
      for (let i = 0; i < count; i++) queued.push(fault)
    },
    dropHeld() {
      for (const socket of held) socket.destroy()
    },
    get requests() {
      return requests
    },
    get injected() {
      return { ...injected }
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      agent.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
