/** The campaign's log lines and its closing summary table. */
import type { Check } from './checks.js'

export function timeline(t0: number) {
  return (line: string) => {
    const s = ((Date.now() - t0) / 1000).toFixed(1).padStart(6)
    console.log(`[${s}s] ${line}`)
  }
}

/** Rows of label and value, aligned. */
export function table(title: string, rows: [string, string | number][]) {
  const width = Math.max(...rows.map(([label]) => label.length))
  return [
    title,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
  ].join('\n')
}

/** A grid with a header row, columns right-aligned except the first. */
export function grid(header: string[], rows: (string | number)[][]) {
  const cells = [header, ...rows.map((r) => r.map(String))]
  const widths = header.map((_, i) =>
    Math.max(...cells.map((r) => (r[i] ?? '').length))
  )
  return cells
    .map((r) =>
      r
        .map((c, i) =>
          i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)
        )
        .join('  ')
    )
    .map((line) => `  ${line}`)
    .join('\n')
}

export function checkLines(checks: readonly Check[]) {
  const width = Math.max(...checks.map((c) => c.name.length))
  return checks
    .map(
      (c) => `  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name.padEnd(width)}  ${c.detail}`
    )
    .join('\n')
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
