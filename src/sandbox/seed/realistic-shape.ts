/**
 * The shape of the real legacy data, scaled down: 125k customers : 257k spaces : 37M uploads
 * (about 2 spaces per customer and 144 uploads per space), 70% of spaces under 10 uploads, and a
 * long tail of spaces with 10k+ uploads.
 *
 * Space sizes follow a Pareto law P(size ≥ s) = s^-α, truncated at `maxUploads`: α makes
 * P(size ≥ 10) = 30%, and the truncation makes the mean 144 (it lands near 28k uploads, which
 * puts about 0.3% of spaces at 10k+ and 1.5% of the uploads in the spaces under 10). A world of
 * n spaces takes one size per n-quantile stratum, the mean of the law over that stratum, so that
 * any n keeps the total (n × 144) and the share of small spaces; the largest spaces carry the
 * tail's mass, and from about 250 spaces on (1/1000 of the real world) one of them is over 10k.
 */

export const REAL_WORLD = {
  customers: 125_000,
  spaces: 257_000,
  uploads: 37_000_000,
} as const

/** Share of spaces under `SMALL_SPACE_UPLOADS` uploads. */
const SMALL_SHARE = 0.7
export const SMALL_SPACE_UPLOADS = 10

export const MEAN_UPLOADS_PER_SPACE = REAL_WORLD.uploads / REAL_WORLD.spaces
export const SPACES_PER_CUSTOMER = REAL_WORLD.spaces / REAL_WORLD.customers

const ALPHA = Math.log(1 / (1 - SMALL_SHARE)) / Math.log(SMALL_SPACE_UPLOADS)

/** Mean of the law truncated at `max`. */
function truncatedMean(max: number): number {
  return partialMean(1, max, max)
}

/** ∫ s f(s) ds over [a, b] for the law truncated at `max`. */
function partialMean(a: number, b: number, max: number): number {
  const norm = 1 - max ** -ALPHA
  return ((ALPHA / (1 - ALPHA)) * (b ** (1 - ALPHA) - a ** (1 - ALPHA))) / norm
}

/** Where the law truncated at `max` reaches quantile q. */
function quantile(q: number, max: number): number {
  return (1 - q * (1 - max ** -ALPHA)) ** (-1 / ALPHA)
}

/** The truncation that gives the real mean, by bisection on a log scale. */
export const MAX_UPLOADS_PER_SPACE = (() => {
  let low = SMALL_SPACE_UPLOADS
  let high = 1e9
  for (let i = 0; i < 200; i++) {
    const mid = Math.sqrt(low * high)
    if (truncatedMean(mid) < MEAN_UPLOADS_PER_SPACE) low = mid
    else high = mid
  }
  return Math.round(low)
})()

/** Uploads of the space in stratum `k` of `n` (0 the smallest), at least 1. */
export function stratumUploads(k: number, n: number): number {
  const max = MAX_UPLOADS_PER_SPACE
  const a = quantile(k / n, max)
  const b = quantile((k + 1) / n, max)
  return Math.max(1, Math.floor(partialMean(a, b, max) * n))
}

/** Spaces of a world of `customers` customers in the real proportion. */
export const realisticSpaceCount = (customers: number) =>
  Math.round(customers * SPACES_PER_CUSTOMER)

/** The ordinals [first, end) of customer `index`'s spaces: 2 or 3 each, spread evenly. */
export function customerSpaces(
  index: number,
  customers: number
): { first: number; end: number } {
  const spaces = realisticSpaceCount(customers)
  return {
    first: Math.floor((index * spaces) / customers),
    end: Math.floor(((index + 1) * spaces) / customers),
  }
}

/**
 * The stratum of the space with `ordinal`: a stride permutation of the n strata, so that the
 * large spaces fall at scattered customers, the same for the same n on every machine.
 */
export function stratumOf(ordinal: number, n: number): number {
  return (ordinal * stride(n) + Math.floor(n / 3)) % n
}

function stride(n: number): number {
  let s = Math.max(1, Math.floor(n * 0.618))
  while (gcd(s, n) !== 1) s++
  return s
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}
