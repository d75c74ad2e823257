import type { MigrationMetrics, RequestOutcome } from './migration-metrics.js'

/** The service an origin belongs to, by the names operators use (`--rate-limit`, breakers). */
export type ServiceOfOrigin = ReadonlyMap<string, string>

/** The label of a request to an origin that no configured service has. */
export const OTHER_SERVICE = 'other'

/**
 * `fetch` that counts every request by service and outcome and times it to its response headers.
 * It sits under the timeouts and rate limits, so its times are the service's, not the queue's.
 */
export function meteredFetch(
  metrics: MigrationMetrics,
  services: ServiceOfOrigin,
  fetch: typeof globalThis.fetch = globalThis.fetch
): typeof globalThis.fetch {
  return async (input, init) => {
    const service = services.get(originOf(input)) ?? OTHER_SERVICE
    const started = performance.now()
    const elapsed = () => (performance.now() - started) / 1000
    try {
      const response = await fetch(input, init)
      metrics.request(service, statusOutcome(response.status), elapsed())
      return response
    } catch (err) {
      metrics.request(service, thrownOutcome(err, init?.signal), elapsed())
      throw err
    }
  }
}

export function statusOutcome(status: number): RequestOutcome {
  if (status === 408) return 'timeout'
  if (status === 429) return 'throttled'
  if (status >= 500) return 'server_error'
  if (status >= 400) return 'client_error'
  return 'ok'
}

function thrownOutcome(
  err: unknown,
  signal: AbortSignal | null | undefined
): RequestOutcome {
  const reason = signal?.aborted ? (signal.reason as unknown) : err
  if (reason instanceof Error && reason.name === 'TimeoutError')
    return 'timeout'
  return signal?.aborted ? 'aborted' : 'network_error'
}

function originOf(input: string | URL | Request): string {
  const url =
    input instanceof Request ? input.url : input instanceof URL ? input : input
  try {
    return new URL(url).origin
  } catch {
    return ''
  }
}
