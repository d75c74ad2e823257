/**
 * Uploads one worker migrates per minute when no rate is given: the original's constant
 * `UPLOADS_PER_MIN_PER_WORKER`, described there as "from previous measurements" that the
 * repository does not contain.
 */
export const DEFAULT_UPLOADS_PER_MINUTE = 27

/** The per-worker rate estimates use, and where it came from. */
export interface Rate {
  uploadsPerMinute: number
  source: 'default' | 'flag'
}

export const rateOf = (uploadsPerMinute: number | undefined): Rate =>
  uploadsPerMinute === undefined
    ? { uploadsPerMinute: DEFAULT_UPLOADS_PER_MINUTE, source: 'default' }
    : { uploadsPerMinute, source: 'flag' }

/** Minutes for `workers` working in parallel at `uploadsPerMinute` each to migrate `uploads`. */
export function estimateMinutes(
  uploads: number,
  workers: number,
  uploadsPerMinute: number
): number {
  if (uploads <= 0) return 0
  return uploads / workers / uploadsPerMinute
}

/**
 * A duration for the report: days with one decimal from one day on (the spec's "15.3 days"),
 * hours with one decimal from one hour on, whole minutes below.
 */
export function formatEstimate(minutes: number): string {
  const hours = minutes / 60
  const days = hours / 24
  if (days >= 1) return `${days.toFixed(1)} days`
  if (hours >= 1) return `${hours.toFixed(1)} hours`
  const whole = Math.ceil(minutes)
  return `${whole} minute${whole === 1 ? '' : 's'}`
}

/** Where the rate came from, as the report says it. */
export const describeRate = (rate: Rate): string =>
  rate.source === 'flag'
    ? `${rate.uploadsPerMinute} uploads/minute per worker (from --uploads-per-minute)`
    : `${rate.uploadsPerMinute} uploads/minute per worker (default: the original tool's unmeasured figure; pass --uploads-per-minute with a rate measured on this deployment)`
