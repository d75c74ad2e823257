import { setTimeout as sleep } from 'node:timers/promises'
import type { WorkflowHandle } from '@temporalio/client'
import { progressQuery } from '../../workflows/signals.js'
import type { Progress } from '../../workflows/types.js'
import { progressLine } from '../shared/progress-line.js'
import { RateTracker } from '../shared/rate.js'
import {
  type FollowScope,
  type LiveOptions,
  liveProgress,
  type LiveReads,
} from './live-progress.js'

export interface FollowOutput {
  write(text: string): void
  isTTY?: boolean
}

export interface FollowOptions {
  intervalMs?: number
  /** Stops following (Ctrl+C): the migration goes on. */
  signal?: AbortSignal
  /** Uploads in scope, when known beforehand (the plan's); a space's query knows its own. */
  total?: number
  /** What is followed, and how its running children are read (none: its own query only). */
  live?: { scope: FollowScope; reads: LiveReads } & Omit<LiveOptions, 'since'>
  /** Plain lines (not a terminal) every this many samples. */
  plainEvery?: number
  now?: () => number
}

/**
 * Live progress of a running migration from its `progress` query and its running children: a
 * line redrawn in place on a terminal, a plain line every few samples otherwise. Returns the
 * workflow's result when it ends, or undefined when detached.
 */
export async function followProgress(
  handle: WorkflowHandle,
  out: FollowOutput,
  options: FollowOptions = {}
): Promise<unknown> {
  const intervalMs = options.intervalMs ?? 2_000
  const now = options.now ?? Date.now
  const since = new Date(now()).toISOString()
  const rate = new RateTracker()
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
    const sample =
      progress &&
      (await sampleOf(progress, options, since).catch(() => undefined))
    if (sample) {
      rate.add(now(), sample.done)
      const line = progressLine(
        { ...sample, total: sample.total ?? options.total },
        rate.perSecond()
      )
      if (out.isTTY) out.write(`\r\x1b[2K${line}`)
      else if (samples % (options.plainEvery ?? 5) === 0) out.write(`${line}\n`)
      samples++
    }
    await sleep(intervalMs, undefined, { signal: options.signal }).catch(
      () => undefined
    )
  }
}

function sampleOf(progress: Progress, options: FollowOptions, since: string) {
  const { live } = options
  if (!live) return liveProgress({ kind: 'space' }, progress, NO_READS, NO_ROWS)
  return liveProgress(live.scope, progress, live.reads, {
    rows: live.rows,
    since,
  })
}

const NO_READS: LiveReads = {
  query: async () => undefined,
  spaceRows: async () => new Map(),
}
const NO_ROWS: LiveOptions = { rows: false, since: '' }
