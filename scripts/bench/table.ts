/** Plain-text tables and number formatting for the benchmark's report. */

export type Cell = string | number | undefined

/** Left-aligns the first column and right-aligns the others; `undefined` prints as `-`. */
export function table(headers: string[], rows: Cell[][]): string {
  const text = [headers, ...rows].map((row) =>
    row.map((cell) => (cell === undefined ? '-' : String(cell)))
  )
  const widths = headers.map((_, i) =>
    Math.max(...text.map((row) => (row[i] ?? '').length))
  )
  const line = (row: string[]) =>
    row
      .map((cell, i) =>
        i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)
      )
      .join('  ')
      .trimEnd()
  const [head, ...body] = text
  return [
    line(head ?? []),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(line),
  ].join('\n')
}

/** A number with `digits` decimals, or `-` when there is none to show. */
export const fixed = (n: number | undefined, digits = 1): string | undefined =>
  n === undefined || !Number.isFinite(n) ? undefined : n.toFixed(digits)

/** Thousands separators, no decimals. */
export const int = (n: number | undefined): string | undefined =>
  n === undefined || !Number.isFinite(n)
    ? undefined
    : Math.round(n).toLocaleString('en-US')

export const mib = (bytes: number) => bytes / 2 ** 20

/** Rounds every number of a JSON-bound value to `digits` decimals, for a readable results file. */
export function rounded<T>(value: T, digits = 4): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'number' && !Number.isInteger(v)
        ? Number(v.toFixed(digits))
        : v
    )
  ) as T
}

export function section(title: string): void {
  console.log(`\n== ${title} ${'='.repeat(Math.max(0, 72 - title.length))}`)
}
