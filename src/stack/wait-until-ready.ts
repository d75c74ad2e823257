import { setTimeout as sleep } from 'node:timers/promises'
import type { ManagedProcess } from './managed-process.js'

export class StartupError extends Error {
  override name = 'StartupError' as const
}

/**
 * Polls `probe` until it succeeds. Fails early, with the process's last output, if the process
 * exits, and fails after `timeoutMs` with the probe's last error.
 */
export async function waitUntilReady(
  process: ManagedProcess,
  probe: () => Promise<unknown>,
  { timeoutMs = 60_000, intervalMs = 200 } = {}
): Promise<void> {
  let exitCode: string | undefined
  void process.exited.then((code) => (exitCode = code))
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new StartupError(
        `${process.name} exited (${exitCode}) while starting:\n${process.recentOutput()}`
      )
    }
    try {
      await probe()
      return
    } catch (err) {
      lastError = err
    }
    await sleep(intervalMs)
  }
  await process.stop()
  throw new StartupError(
    `${process.name} did not answer within ${timeoutMs / 1000}s: ${String(lastError)}\n${process.recentOutput()}`
  )
}
