import { isPermanent, ServiceUnavailable } from '../failures/index.js'
import {
  type MigrationMetrics,
  NO_METRICS,
} from '../metrics/migration-metrics.js'

export interface BreakerOptions {
  /** How far back calls are counted. */
  windowMs: number
  /** Calls in the window before the failure ratio means anything. */
  minCalls: number
  /** The share of failed calls in the window that opens the breaker. */
  failureRatio: number
  /** How long an open breaker refuses calls before it lets one through to probe. */
  openMs: number
  now?: () => number
}

export const DEFAULT_BREAKER: BreakerOptions = {
  windowMs: 60_000,
  minCalls: 20,
  failureRatio: 0.5,
  openMs: 30_000,
}

/**
 * One outside service's circuit breaker. A service that fails most calls in a window is failing
 * the migration as a whole, not one upload: the breaker opens and every call fails fast with
 * `ServiceUnavailable` naming why, which pauses the migration instead of spending the uploads'
 * retries. (A service that says `ServiceUnavailable` itself, e.g. its write kill-switch, pauses
 * the migration without the breaker.) An answer that refuses one request (a permanent failure)
 * counts as the service working. After `openMs` calls go through again; a success closes it.
 */
export class CircuitBreaker {
  readonly #calls: { at: number; failed: boolean }[] = []
  #openedAt: number | undefined
  #reason = ''
  readonly #now: () => number

  constructor(
    readonly service: string,
    readonly options: BreakerOptions = DEFAULT_BREAKER,
    private readonly metrics: MigrationMetrics = NO_METRICS
  ) {
    this.#now = options.now ?? Date.now
    metrics.breaker(service, false)
  }

  /** Why the breaker is open, or undefined when it is closed. */
  get openBecause(): string | undefined {
    return this.#openedAt === undefined ? undefined : this.#reason
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    const now = this.#now()
    if (
      this.#openedAt !== undefined &&
      now - this.#openedAt < this.options.openMs
    )
      throw new ServiceUnavailable(
        'unknown',
        `${this.service} is refusing the migration: ${this.#reason}`
      )
    try {
      const result = await call()
      this.#record(now, false)
      if (this.#openedAt !== undefined) this.#close()
      return result
    } catch (err) {
      // A refusal already pauses the migration by itself; holding it here would refuse the
      // first calls after an operator's resume too.
      if (err instanceof ServiceUnavailable) {
        this.#record(now, true)
        this.metrics.refused(this.service)
      } else if (!isPermanent(err)) {
        this.#record(now, true)
        this.#openIfMostFail(now)
      } else this.#record(now, false)
      throw err
    }
  }

  #record(at: number, failed: boolean) {
    this.#calls.push({ at, failed })
    while (
      this.#calls.length > 0 &&
      at - this.#calls[0]!.at > this.options.windowMs
    )
      this.#calls.shift()
  }

  #openIfMostFail(now: number) {
    const failed = this.#calls.filter((c) => c.failed).length
    if (
      this.#calls.length >= this.options.minCalls &&
      failed / this.#calls.length >= this.options.failureRatio
    )
      this.#open(
        now,
        `${failed} of its last ${this.#calls.length} calls failed within ${Math.round(this.options.windowMs / 1000)} s`
      )
  }

  #open(now: number, reason: string) {
    if (this.#openedAt === undefined) {
      this.metrics.breaker(this.service, true)
      this.metrics.breakerOpened(this.service)
    }
    this.#openedAt = now
    this.#reason = reason
  }

  #close() {
    this.#openedAt = undefined
    this.metrics.breaker(this.service, false)
  }
}

/** `port` with every method call going through `breaker`. */
export function guarded<T extends object>(port: T, breaker: CircuitBreaker): T {
  return new Proxy(port, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown
      if (typeof value !== 'function') return value
      return (...args: unknown[]) =>
        breaker.run(() =>
          Promise.resolve(
            (value as (...a: unknown[]) => unknown).apply(target, args)
          )
        )
    },
  })
}
