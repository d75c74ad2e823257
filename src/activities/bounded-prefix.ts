/**
 * Runs `work` over `items` with at most `concurrency` at once, and reports the length of the
 * longest finished prefix after each item: the cursor a retried page can resume from without
 * redoing or skipping anything. After a failure, or once `stopped()`, no new item starts.
 */
export async function runWithFinishedPrefix<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
  onPrefix: (finished: number) => void,
  stopped: () => boolean = () => false
): Promise<void> {
  const done = new Array<boolean>(items.length).fill(false)
  let prefix = 0
  let next = 0
  let failed = false
  const worker = async () => {
    while (next < items.length && !failed && !stopped()) {
      const index = next++
      try {
        await work(items[index] as T)
      } catch (err) {
        failed = true
        throw err
      }
      done[index] = true
      while (prefix < items.length && done[prefix]) prefix++
      onPrefix(prefix)
    }
  }
  await Promise.all(
    Array.from(
      { length: Math.max(1, Math.min(concurrency, items.length)) },
      worker
    )
  )
}
