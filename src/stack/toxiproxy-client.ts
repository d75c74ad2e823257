/**
 * A typed client of toxiproxy's HTTP API (v2.5), with a timeout on every call.
 *
 * `toxiproxy-node-client` (npm) was the other choice; it has no timeouts (a stuck toxiproxy would
 * stall a campaign) and no types for reset_peer and limit_data, and this is all of the API the
 * project uses.
 */

/** Each toxic's attributes, as toxiproxy names them (milliseconds unless said). */
export interface ToxicAttributes {
  /** Delays the data by `latency` ± `jitter`. */
  latency: { latency: number; jitter?: number }
  /** Lets no data through; closes the connection after `timeout` (0: holds it until removed). */
  timeout: { timeout: number }
  /** Resets the connection (TCP RST) after `timeout`. */
  reset_peer: { timeout: number }
  /** Closes the connection after `bytes` have passed. */
  limit_data: { bytes: number }
  /** Delays the close of the connection by `delay`. */
  slow_close: { delay: number }
}

export type ToxicType = keyof ToxicAttributes

export interface Toxic<T extends ToxicType = ToxicType> {
  name: string
  type: T
  /** `downstream`: data to the client (the answers); `upstream`: data to the server. */
  stream: 'upstream' | 'downstream'
  /** The probability that a connection gets the toxic, 0 to 1 (1 when unset). */
  toxicity?: number
  attributes: ToxicAttributes[T]
}

export interface ProxySpec {
  name: string
  /** host:port toxiproxy listens on (`127.0.0.1:0` picks a free port). */
  listen: string
  /** host:port it forwards to. */
  upstream: string
}

export interface ProxyInfo extends ProxySpec {
  enabled: boolean
  toxics: Toxic[]
}

export class ToxiproxyError extends Error {
  override name = 'ToxiproxyError' as const
}

export interface ToxiproxyClient {
  version(): Promise<string>
  createProxy(spec: ProxySpec): Promise<ProxyInfo>
  getProxy(name: string): Promise<ProxyInfo>
  deleteProxy(name: string): Promise<void>
  addToxic<T extends ToxicType>(proxy: string, toxic: Toxic<T>): Promise<void>
  removeToxic(proxy: string, toxic: string): Promise<void>
  /** Removes every toxic of every proxy and enables them all. */
  reset(): Promise<void>
}

export function toxiproxyClient(
  apiUrl: string,
  { timeoutMs = 5_000 }: { timeoutMs?: number } = {}
): ToxiproxyClient {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(new URL(path, apiUrl), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((err: unknown) => {
      throw new ToxiproxyError(`${method} ${path}: ${String(err)}`)
    })
    const text = await res.text()
    if (!res.ok)
      throw new ToxiproxyError(
        `${method} ${path}: ${res.status} ${text.trim()}`
      )
    return text
  }
  const json = async <T>(method: string, path: string, body?: unknown) =>
    JSON.parse(await call(method, path, body)) as T
  const proxyPath = (name: string) => `/proxies/${encodeURIComponent(name)}`
  return {
    version: async () => (await call('GET', '/version')).trim(),
    createProxy: (spec) => json('POST', '/proxies', { ...spec, enabled: true }),
    getProxy: (name) => json('GET', proxyPath(name)),
    deleteProxy: async (name) => void (await call('DELETE', proxyPath(name))),
    addToxic: async (proxy, toxic) =>
      void (await call('POST', `${proxyPath(proxy)}/toxics`, {
        toxicity: 1,
        ...toxic,
      })),
    removeToxic: async (proxy, toxic) =>
      void (await call(
        'DELETE',
        `${proxyPath(proxy)}/toxics/${encodeURIComponent(toxic)}`
      )),
    reset: async () => void (await call('POST', '/reset')),
  }
}
