import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common'
import { condition, setHandler, sleep } from '@temporalio/workflow'
import { childFinishedSignal } from './signals.js'
import type { ChildFinished, ListPageResult, WindowState } from './types.js'
import { addCounts } from './window-state.js'

export { addCounts, newWindow } from './window-state.js'

/** What a windowed workflow's `progress` query tells: its counts and its children. */
export const windowProgress = (
  scope: 'instance' | 'customer',
  state: WindowState
) => ({
  scope,
  ...state.counts,
  running: state.running.length,
  ...(state.batching
    ? scope === 'customer'
      ? { batchedSpaces: state.batching }
      : { batchedCustomers: state.batching }
    : {}),
  started: state.started,
  finished: state.finished,
  runs: state.runs,
})

export interface WindowHooks {
  listPage(cursor: string | undefined): Promise<ListPageResult>
  /** Starts the child for `key`, abandoned on close, so it survives this run's continue-as-new. */
  startChild(key: string, limit: number | undefined): Promise<void>
  concurrency(): number
  paused(): boolean
  /** Asked before each start: hand over to a new run now? */
  shouldContinueAsNew(): boolean
  /** Uploads this window may still process in all (`--limit`), if limited. */
  limit?: number
  /** Runs listed items without a child, a batch at a time: only the ones it hands back get one. */
  batch?: Batcher
}

/** Items run in batches; the window starts children only for what a batch hands back. */
export interface Batcher {
  size: number
  run(keys: string[]): Promise<BatchOutcome>
  /** Called once a batch's finished items are counted. */
  settled?(): void
}

export interface BatchOutcome {
  finished: ChildFinished[]
  /** Items that need a child. */
  children: string[]
  /** Items not run yet (a refusal stopped the batch): batched again once resumed. */
  rest: string[]
}

/**
 * Temporal's sliding-window pattern: children run `concurrency()` at a time; each reports its
 * end by signal to the parent's workflow ID, so that reports reach whichever run is current. The
 * state (source cursor, items read but not started, children running) is all a new run needs.
 */
export function useWindow(
  state: WindowState,
  settled: () => Promise<void> = async () => {}
) {
  const settle = (report: ChildFinished) => {
    state.finished++
    if (report.status === 'failed') state.failed++
    // On the state, so that it outlives continue-as-new and a batch's hand-over.
    if (report.status === 'partial') state.partial = true
    addCounts(state.counts, report)
    void settled()
  }
  setHandler(childFinishedSignal, (report: ChildFinished) => {
    const at = state.running.indexOf(report.key)
    if (at < 0) return // a duplicate or stale report
    state.running.splice(at, 1)
    settle(report)
  })
  return {
    get partial() {
      return (
        (state.partial ?? false) ||
        (state.skipped ?? 0) > 0 ||
        state.pending.length > 0 ||
        (state.candidates?.length ?? 0) > 0 ||
        !state.exhausted
      )
    },
    run: (hooks: WindowHooks) => runWindow(state, hooks, settle),
  }
}

async function runWindow(
  state: WindowState,
  hooks: WindowHooks,
  settle: (report: ChildFinished) => void
): Promise<'done' | 'continue'> {
  const remaining = () =>
    hooks.limit === undefined ? undefined : hooks.limit - state.counts.processed
  // Read at every wake-up, so that a retune widens a full window at once, not after a child ends.
  const width = () => (hooks.limit === undefined ? hooks.concurrency() : 1)
  for (;;) {
    await condition(() => !hooks.paused() && state.running.length < width())
    const left = remaining()
    if (left !== undefined && left <= 0) break
    const unbatched = state.candidates ?? []
    if (state.pending.length === 0 && unbatched.length > 0 && hooks.batch) {
      if (hooks.shouldContinueAsNew()) return 'continue'
      const size = hooks.batch.size
      state.batching = unbatched.slice(0, size)
      const outcome = await hooks.batch.run(state.batching).finally(() => {
        delete state.batching
      })
      for (const report of outcome.finished) settle(report)
      state.pending.push(...outcome.children)
      state.candidates = [...outcome.rest, ...unbatched.slice(size)]
      // Not after the last batch: the scope's end shows its counts anyway.
      if (outcome.finished.length > 0 && !windowDone(state))
        hooks.batch.settled?.()
      continue
    }
    if (state.pending.length === 0 && !state.exhausted) {
      const page = await hooks.listPage(state.cursor)
      // Items the source found finished already (completed spaces) need no child.
      for (const report of page.finished ?? []) settle(report)
      if (hooks.batch) state.candidates = page.items
      else state.pending = page.items
      state.cursor = page.cursor
      state.exhausted = page.cursor === undefined
      continue
    }
    const key = state.pending[0]
    if (key === undefined) break
    if (hooks.shouldContinueAsNew()) return 'continue'
    state.pending.shift()
    state.running.push(key)
    state.started++
    if (!(await startOrGiveWay(hooks, key, left))) {
      // Someone else (an operator's narrower run) is migrating it: leave it to them.
      state.running.splice(state.running.indexOf(key), 1)
      state.finished++
      state.skipped = (state.skipped ?? 0) + 1
    }
  }
  await condition(() => state.running.length === 0)
  return 'done'
}

/**
 * A child reports before it closes, so a run started right after an earlier one may find the
 * earlier child still closing: it waits a little and tries again before giving way.
 */
async function startOrGiveWay(
  hooks: WindowHooks,
  key: string,
  limit: number | undefined
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await hooks.startChild(key, limit)
      return true
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err
      if (attempt >= ALREADY_STARTED_RETRIES) return false
      await sleep(1_000 * 2 ** attempt)
    }
  }
}

const ALREADY_STARTED_RETRIES = 5

/** Nothing left to list, batch, start or wait for. */
const windowDone = (state: WindowState) =>
  state.exhausted &&
  state.pending.length === 0 &&
  (state.candidates?.length ?? 0) === 0 &&
  state.running.length === 0

/** A page of a list given inline; the cursor is the index of the next item. */
export function pageOfList(
  list: readonly string[],
  cursor: string | undefined,
  size: number
): ListPageResult {
  const start = Number(cursor ?? 0)
  const end = start + size
  return {
    items: list.slice(start, end),
    cursor: end < list.length ? String(end) : undefined,
  }
}
