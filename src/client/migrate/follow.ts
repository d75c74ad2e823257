import { setTimeout as sleep } from 'node:timers/promises'
import type { WorkflowHandle } from '@temporalio/client'
import { progressQuery } from '../../workflows/signals.js'
import type { Progress } from '../../workflows/types.js'
import { progressLine, type RateWindow } from '../shared/progress-line.js'

export interface FollowOutput {
  write(text: string): void
  isTTY?: boolean
}

export interface FollowOptions {
  intervalMs?: number
  /** Stops following (Ctrl+C): the migration goes on. */
  signal?: AbortSignal
  /** Uploads in scope, when known beforehand (the space workflow knows its own). */
  total?: number
}

/**
 * Live progress of a running migration from its `progress` query: a line redrawn in place on a
 * terminal, a plain line every few samples otherwise. Returns the workflow's result when it
 * ends, or undefined when detached.
 */
export async function followProgress(
  handle: WorkflowHandle,
  out: FollowOutput,
  options: FollowOptions = {}
): Promise<unknown> {
  const intervalMs = options.intervalMs ?? 2_000
  let window: RateWindow | undefined
  let samples = 0
  for (;;) {
    if (options.signal?.aborted) {
      out.write(`${out.isTTY ? '\n' : ''}detached; the migration goes on\n`)
      return undefined
    }
    const status = (await handle.describe()).status.name
    if (status !== 'RUNNING') {
      if (out.isTTY) out.write('\n')
      return handle.result()
    }
    const progress = await handle
      .query(progressQuery)
      .catch((): Progress | undefined => undefined)
    if (progress) {
      window ??= { startedAt: Date.now(), startDone: progress.processed }
      const line = progressLine(
        {
          done: progress.processed,
          failed: progress.failed,
          skipped: progress.skipped,
          total: progress.totalUploads ?? options.total,
          running: progress.running,
          paused: progress.paused,
          pausedBecause: progress.pausedBecause,
        },
        window,
        Date.now()
      )
      if (out.isTTY) out.write(`\r\x1b[2K${line}`)
      else if (samples % 5 === 0) out.write(`${line}\n`)
      samples++
    }
    await sleep(intervalMs, undefined, { signal: options.signal }).catch(
      () => undefined
    )
  }
}
