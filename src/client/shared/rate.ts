import { type Sample, SampleRing } from './sample-ring.js'

/** The recent past a rate is measured over: long enough to smooth pages, short enough to follow a change. */
export const RATE_WINDOW_MS = 5 * 60_000

/**
 * Uploads per second over the samples of the last `windowMs` (from the oldest sample in the
 * window to the newest); undefined until two samples span some time.
 */
export function rateOf(
  samples: readonly Sample[],
  windowMs: number
): number | undefined {
  const last = samples.at(-1)
  if (!last) return undefined
  const first = samples.find((s) => s.at >= last.at - windowMs)
  if (!first || last.at <= first.at) return undefined
  return Math.max(
    0,
    (last.processed - first.processed) / ((last.at - first.at) / 1000)
  )
}

/** Seconds until `remaining` uploads are processed at `perSecond`; none at no rate or nothing left. */
export function etaOf(
  remaining: number,
  perSecond: number | undefined
): number | undefined {
  if (remaining <= 0 || !perSecond || perSecond <= 0) return undefined
  return remaining / perSecond
}

/**
 * The uploads processed as a follow sampled them, and their rate over the last `windowMs`: a
 * rate of the recent past, so a migration that slows down (or a follow started late in a long
 * run) shows what it does now, not its average since the start.
 */
export class RateTracker {
  readonly #ring: SampleRing

  constructor(
    readonly windowMs = RATE_WINDOW_MS,
    capacity = 1_000
  ) {
    this.#ring = new SampleRing(capacity)
  }

  add(at: number, processed: number): void {
    this.#ring.add({ at, processed })
  }

  /** Uploads per second; undefined until two samples span some time. */
  perSecond(): number | undefined {
    return rateOf(this.#ring.list(), this.windowMs)
  }
}
