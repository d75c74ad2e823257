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

/** How the time estimates are made. */
export interface EstimateSettings {
  workersPerInstance: number
  rate: Rate
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

/** Where the rate came from, as the report says it. */
export const describeRate = (rate: Rate): string =>
  rate.source === 'flag'
    ? `${rate.uploadsPerMinute} uploads/minute per worker (from --uploads-per-minute)`
    : `${rate.uploadsPerMinute} uploads/minute per worker (default: the original tool's unmeasured figure; pass --uploads-per-minute with a rate measured on this deployment)`
