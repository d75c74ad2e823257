import { setTimeout as delay } from 'node:timers/promises'

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

export interface WatchOptions {
  intervalMs: number
  /** Stops the loop, waking it from its sleep (the CLI aborts it on SIGINT). */
  signal?: AbortSignal
  /** Stops after this many ticks; unbounded when absent. */
  iterations?: number
  sleep?: Sleep
}

/** Waits `ms`, returning early (without error) when the signal aborts. */
export const sleepUnlessAborted: Sleep = async (ms, signal) => {
  try {
    await delay(ms, undefined, { signal })
  } catch (err) {
    if (!signal?.aborted) throw err
  }
}

/** Runs `tick`, then again every interval, until aborted or out of iterations; returns the ticks run. */
export async function watch(
  tick: () => Promise<void>,
  {
    intervalMs,
    signal,
    iterations = Infinity,
    sleep = sleepUnlessAborted,
  }: WatchOptions
): Promise<number> {
  let ticks = 0
  while (!signal?.aborted && ticks < iterations) {
    await tick()
    ticks++
    if (ticks < iterations) await sleep(intervalMs, signal)
  }
  return ticks
}
