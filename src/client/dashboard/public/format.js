// Numbers, percentages and durations as the page shows them.

const numbers = new Intl.NumberFormat('en-US')

/** A count with thousands separators. */
export const count = (n) => numbers.format(n)

/** `part` of `whole` with one decimal; nothing of nothing is 0.0%. */
export const percent = (part, whole) =>
  `${(whole > 0 ? (part / whole) * 100 : 0).toFixed(1)}%`

/** A duration as the CLI's progress line words it: 45s, 3m 07s, 5h 02m, 3.2 days. */
export function duration(seconds) {
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600)
    return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`
  const h = Math.floor(s / 3600)
  if (h < 48)
    return `${h}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
  return `${(s / 86400).toFixed(1)} days`
}

export /** The scope's planned uploads, or its listed ones where nothing was planned. */
const plannedUploads = (scope) =>
  scope.planned.uploads || scope.progress.uploads.total
