/** `items` in consecutive slices of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a positive integer, got ${size}`)
  const slices: T[][] = []
  for (let i = 0; i < items.length; i += size)
    slices.push(items.slice(i, i + size))
  return slices
}

/** Distinct values per key, in first-seen order. */
export function groupDistinct<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  valuesOf: (item: T) => readonly string[]
): Map<string, string[]> {
  const groups = new Map<string, Set<string>>()
  for (const item of items) {
    const key = keyOf(item)
    const values = groups.get(key) ?? new Set<string>()
    for (const value of valuesOf(item)) values.add(value)
    groups.set(key, values)
  }
  return new Map([...groups].map(([key, values]) => [key, [...values]]))
}
