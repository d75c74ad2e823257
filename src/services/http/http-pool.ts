import { Agent, type Dispatcher, fetch as undiciFetch } from 'undici'

export interface HttpPoolOptions {
  /** Open connections at most to one origin; requests beyond it queue for a free one. */
  connectionsPerOrigin: number
  /** The per-request timeout the clients give; undici's own timeouts never outlast it. */
  timeoutMs: number
  /** How long an idle connection stays open for the next request (a server's hint can shorten it). */
  keepAliveMs?: number
}

export interface HttpPool {
  /** `fetch` over the pool's keep-alive connections. */
  fetch: typeof globalThis.fetch
  /** Closes every connection once the requests in flight have finished. */
  close(): Promise<void>
}

const DEFAULT_KEEP_ALIVE_MS = 10_000
const MAX_CONNECT_MS = 10_000

/**
 * One undici Agent for every HTTP client of a worker: a pool of keep-alive connections per
 * origin, so a request reuses a warm connection instead of paying a TCP (and TLS) handshake.
 * undici's `fetch` rather than the global one, because Node 20's built-in fetch bundles another
 * undici whose dispatcher interface an Agent of this version does not match.
 */
export function createHttpPool(options: HttpPoolOptions): HttpPool {
  const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS
  const agent = new Agent({
    connections: options.connectionsPerOrigin,
    keepAliveTimeout: keepAliveMs,
    keepAliveMaxTimeout: Math.max(keepAliveMs, 60_000),
    // The request's own timeout starts first and covers the whole exchange, so it is the one that
    // fires; these only keep undici's 300 s defaults from holding a socket longer.
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connectTimeout: Math.min(options.timeoutMs, MAX_CONNECT_MS),
  })
  const dispatcher = agent.compose(keepHeadConnections)
  const fetch: typeof globalThis.fetch = (input, init) => {
    // A global Request is another undici's class, which this one would read as a string.
    if (input instanceof Request)
      throw new TypeError(
        'the pooled fetch takes a URL and init, not a Request'
      )
    return undiciFetch(input, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    }) as unknown as Promise<Response>
  }
  return { fetch, close: () => agent.close() }
}

/**
 * undici closes a connection after each HEAD by default, in case a misbehaving server sends a
 * body anyway; the carpark and index-worker HEADs would each pay a new connection. The services
 * the worker calls answer HEAD by the book, so their connections stay open.
 */
const keepHeadConnections: Dispatcher.DispatcherComposeInterceptor =
  (dispatch) => (options, handler) =>
    dispatch(
      options.method === 'HEAD' ? { ...options, reset: false } : options,
      handler
    )
