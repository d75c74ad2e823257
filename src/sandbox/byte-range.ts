/** A parsed `Range: bytes=…` header against an object of `size` bytes (one range only). */
export type RangeResult =
  { start: number; end: number } | 'unsatisfiable' | undefined

export function parseRange(
  header: string | undefined,
  size: number
): RangeResult {
  if (!header) return undefined
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return 'unsatisfiable'
  const [, from = '', to = ''] = match
  if (from === '') {
    const suffix = Number(to)
    return suffix === 0
      ? 'unsatisfiable'
      : { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(from)
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1)
  return start >= size || end < start ? 'unsatisfiable' : { start, end }
}
