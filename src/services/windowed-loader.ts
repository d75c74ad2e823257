import DataLoader from 'dataloader'

export interface LoaderWindow {
  /** Keys one batch takes at most. */
  maxBatch: number
  /** How long the first key of a batch waits for the keys of other callers to join it. */
  windowMs: number
}

/**
 * A DataLoader that gathers the keys of concurrent callers for `windowMs`, up to `maxBatch`,
 * into one call of `load`, and caches nothing: each key is a request to send, not a value to
 * remember. `load` answers per key, in order (an Error fails that key's caller alone).
 */
export function windowedLoader<K, V>(
  load: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
  window: LoaderWindow
): DataLoader<K, V> {
  return new DataLoader<K, V>(load, {
    cache: false,
    maxBatchSize: window.maxBatch,
    batchScheduleFn: (send) => setTimeout(send, window.windowMs),
  })
}
