import { setTimeout as sleep } from 'node:timers/promises'

/**
 * A token bucket: at most `perSecond` starts per second on average, bursts up to one second's
 * worth (at least one start, so that a rate under 1/s, a process's share of a host's, still
 * lets requests through). `take()` waits for a token; callers queue in order.
 */
export class RateLimiter {
  readonly #burst: number
  #tokens: number
  #last: number
  #queue: Promise<void> = Promise.resolve()

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = Date.now
  ) {
    if (!(perSecond > 0)) throw new RangeError('perSecond must be positive')
    this.#burst = Math.max(1, perSecond)
    this.#tokens = this.#burst
    this.#last = now()
  }

  take(): Promise<void> {
    const turn = this.#queue.then(() => this.#wait())
    this.#queue = turn
    return turn
  }

  async #wait(): Promise<void> {
    for (;;) {
      const now = this.now()
      this.#tokens = Math.min(
        this.#burst,
        this.#tokens + ((now - this.#last) / 1000) * this.perSecond
      )
      this.#last = now
      if (this.#tokens >= 1) {
        this.#tokens -= 1
        return
      }
      await sleep(Math.ceil(((1 - this.#tokens) / this.perSecond) * 1000))
    }
  }
}
