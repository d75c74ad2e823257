/**
 * Fault injection for one sandbox service, changeable while it runs. Rates are probabilities per
 * request; `next` queues faults for the next requests in order, for tests that need exact counts.
 */
export interface FaultSettings {
  /** Added before answering: a fixed delay, or uniform between min and max. */
  latencyMs?: number | { min: number; max: number }
  /** Answer 503. */
  errorRate?: number
  /** Answer 429 with Retry-After. */
  rateLimitRate?: number
  retryAfterSeconds?: number
  /** Destroy the connection without an answer. */
  resetRate?: number
  /** Never answer (until the server stops). */
  hangRate?: number
}

export type Fault = 'error' | 'rate-limit' | 'reset' | 'hang'

export const FAULTS: readonly Fault[] = ['error', 'rate-limit', 'reset', 'hang']

export interface FaultDecision {
  delayMs: number
  fault?: Fault
  retryAfterSeconds: number
}

export class Faults {
  #settings: FaultSettings = {}
  #queued: Fault[] = []
  readonly #random: () => number

  constructor(random: () => number = Math.random) {
    this.#random = random
  }

  get settings(): FaultSettings {
    return { ...this.#settings }
  }

  set(settings: FaultSettings): void {
    this.#settings = { ...settings }
  }

  /** The next `count` requests get `fault`, before any rate applies. */
  next(fault: Fault, count = 1): void {
    for (let i = 0; i < count; i++) this.#queued.push(fault)
  }

  clear(): void {
    this.#settings = {}
    this.#queued = []
  }

  decide(): FaultDecision {
    const s = this.#settings
    const decision = {
      delayMs: this.#delay(),
      retryAfterSeconds: s.retryAfterSeconds ?? 1,
    }
    const queued = this.#queued.shift()
    if (queued) return { ...decision, fault: queued }
    const rates: [Fault, number | undefined][] = [
      ['hang', s.hangRate],
      ['reset', s.resetRate],
      ['rate-limit', s.rateLimitRate],
      ['error', s.errorRate],
    ]
    for (const [fault, rate] of rates) {
      if (rate && this.#random() < rate) return { ...decision, fault }
    }
    return decision
  }

  #delay(): number {
    const latency = this.#settings.latencyMs
    if (latency === undefined) return 0
    if (typeof latency === 'number') return latency
    return latency.min + this.#random() * (latency.max - latency.min)
  }
}
