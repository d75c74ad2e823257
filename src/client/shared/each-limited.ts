/** Writes at most this many rows (or requests) at once. */
export const WRITES_AT_ONCE = 10

/** Runs `write` over `items`, at most {@link WRITES_AT_ONCE} at a time. */
export async function eachLimited<T>(
  items: readonly T[],
  write: (item: T) => Promise<unknown>
): Promise<void> {
  for (let i = 0; i < items.length; i += WRITES_AT_ONCE)
    await Promise.all(items.slice(i, i + WRITES_AT_ONCE).map(write))
}
