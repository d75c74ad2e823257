/**
 * Runs `work` over the items with at most `concurrency` at once, each worker taking the next item
 * as soon as it is free (no batch waits for its slowest member). After the first failure, or once
 * the signal aborts, no further item starts; the ones running finish, then the first error (or
 * the abort reason) is thrown.
 */
export async function runPool<T>(
  items: Iterable<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal
): Promise<void> {
  const iterator = items[Symbol.iterator]()
  let failure: { error: unknown } | undefined
  const worker = async () => {
    for (;;) {
      if (failure || signal?.aborted) return
      const next = iterator.next()
      if (next.done) return
      try {
        await work(next.value)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker))
  if (failure) throw failure.error
  signal?.throwIfAborted()
}

/** A function that runs tasks with at most `concurrency` of them at once, in call order. */
export function limiter(concurrency: number) {
  let active = 0
  const waiting: (() => void)[] = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= concurrency)
      await new Promise<void>((resolve) => waiting.push(resolve))
    else active++
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else active--
    }
  }
}
