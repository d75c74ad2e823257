import type { ServicesConfig } from '../config/types.js'
import { RateLimiter } from './rate-limiter.js'
import { BadInput } from '../failures/index.js'
import {
  type MigrationMetrics,
  NO_METRICS,
} from '../metrics/migration-metrics.js'
import { originsOf } from './service-origins.js'

/** The outside services a host can cap, by the name operators use in `--rate-limit`. */
export const LIMITABLE_SERVICES = [
  'indexer',
  'index-worker',
  'upload-service',
  'gateway',
  'carpark',
] as const
export type LimitableService = (typeof LIMITABLE_SERVICES)[number]

export class RateLimitError extends BadInput {
  override name = 'RateLimitError'
}

/** `name=perSecond` pairs from the command line. */
export function parseRateLimits(
  specs: readonly string[]
): Map<LimitableService, number> {
  const limits = new Map<LimitableService, number>()
  for (const spec of specs) {
    const [name, value] = spec.split('=')
    const perSecond = Number(value)
    if (!LIMITABLE_SERVICES.includes(name as LimitableService))
      throw new RateLimitError(
        `--rate-limit ${spec}: the service must be one of ${LIMITABLE_SERVICES.join(', ')}`
      )
    if (!(perSecond > 0))
      throw new RateLimitError(
        `--rate-limit ${spec}: the rate must be a positive number of requests per second`
      )
    limits.set(name as LimitableService, perSecond)
  }
  return limits
}

/**
 * A fetch that caps this host's requests to each named service (a token bucket per service,
 * shared by its origins). The composition root hands it to every HTTP client. Several hosts
 * respect a service's limit together when each gets its share: the limit divided by the hosts.
 * Each wait for a token is recorded in `metrics`.
 */
export function rateLimitedFetch(
  limits: Map<LimitableService, number>,
  services: ServicesConfig,
  fetch: typeof globalThis.fetch = globalThis.fetch,
  metrics: MigrationMetrics = NO_METRICS
): typeof globalThis.fetch {
  if (limits.size === 0) return fetch
  const byOrigin = new Map<string, () => Promise<void>>()
  for (const [service, perSecond] of limits) {
    const limiter = new RateLimiter(perSecond)
    const take = async () => {
      const started = performance.now()
      await limiter.take()
      metrics.rateLimitWait(service, (performance.now() - started) / 1000)
    }
    for (const origin of originsOf(service, services))
      byOrigin.set(origin, take)
  }
  return async (input, init) => {
    const url =
      input instanceof Request
        ? input.url
        : input instanceof URL
          ? input.href
          : input
    await byOrigin.get(new URL(url).origin)?.()
    return fetch(input, init)
  }
}
