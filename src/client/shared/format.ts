/** Number, percentage and date formatting shared by the CLI's views. */

/** A count with thousands separators: 37088337 → "37,088,337". */
export const formatCount = (value: number): string =>
  value.toLocaleString('en-US')

/**
 * `part` of `whole` with one decimal: (45123, 80304) → "56.2%"; nothing of nothing is "0.0%".
 * Short of the whole it never rounds up to "100.0%" (36,999,999 of 37,000,000 is "99.9%").
 */
export function formatPercent(part: number, whole: number): string {
  const percent = whole > 0 ? (part / whole) * 100 : 0
  const text = percent.toFixed(1)
  return part < whole && text === '100.0' ? '99.9%' : `${text}%`
}

/** "234/1,000". */
export const formatRatio = (part: number, whole: number): string =>
  `${formatCount(part)}/${formatCount(whole)}`

/**
 * An ISO timestamp as "10/31/2025, 3:15:23 PM" in the given time zone (the machine's by default);
 * "-" when there is none. Newer ICU versions put a narrow no-break space before AM/PM: it becomes a
 * plain space so that output compares and greps the same everywhere.
 */
export function formatDate(iso: string | undefined, timeZone?: string): string {
  const date = iso ? new Date(iso) : undefined
  if (!date || Number.isNaN(date.getTime())) return '-'
  return date.toLocaleString('en-US', { timeZone }).replace(/\u202f/g, ' ')
}

/** A duration in whole minutes, in words: 60 → "1 hour", 90 → "90 minutes", 1 → "1 minute". */
export function formatMinutes(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return plural(minutes / 60, 'hour')
  return plural(minutes, 'minute')
}

/** "1 minute", "127 minutes". */
export const plural = (count: number, unit: string): string =>
  `${formatCount(count)} ${unit}${count === 1 ? '' : 's'}`

/**
 * A duration estimate: days with one decimal from one day on (the spec's "15.3 days"),
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
