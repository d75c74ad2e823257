import type { Sample } from './sample-ring.js'

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
