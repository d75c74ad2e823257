import {
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow'
import type { Activities } from '../activities/index.js'
import { tracksProgress } from './modes.js'
import { MigrationStatus } from './search-attributes.js'
import {
  pauseSignal,
  progressQuery,
  refusedSignal,
  resumeSignal,
  tuneSignal,
} from './signals.js'
import type {
  MigrationRun,
  ParentRef,
  Progress,
  Refusal,
  Tuning,
} from './types.js'

const { recordPause } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    maximumAttempts: 5,
  },
})

/** The row a workflow's pause is shown on: a customer's, or a space's when `space` is set. */
interface RowKey {
  customer?: string
  space?: string
}

/**
 * A workflow's live controls: pause, resume and tuning signals, applied here and forwarded to
 * the children still running (`children()` gives their IDs), and the progress query. A refusal
 * (a service refusing the migration, found by this workflow or reported by a child) pauses this
 * workflow and its children, shows why on the `MigrationStatus` search attribute (`paused`) and
 * in the progress query, and goes up to `parent`; only `resume` lifts it. A customer or space
 * workflow also shows the refusal on its row (migration-customers, migration-progress) for
 * `monitor`, and clears it on resume; the instance has no row.
 */
export function useControl(
  run: MigrationRun & RowKey,
  progress: () => Omit<Progress, 'paused' | 'tuning'>,
  children: () => string[] = () => [],
  parent?: ParentRef
) {
  const live = {
    paused: run.paused ?? false,
    pausedBecause: run.pausedBecause,
    tuning: { ...run.tuning },
  }
  const forward = async (send: (id: string) => Promise<void>) => {
    await Promise.all(children().map((id) => send(id).catch(() => undefined)))
  }
  const child = getExternalWorkflowHandle
  // One write at a time, in signal order: a resume's clearing never lands before the pause.
  let rowWrites = Promise.resolve()
  const showOnRow = (pausedBecause: string | undefined) => {
    const { customer, space } = run
    if (customer === undefined || !tracksProgress(run.mode)) return rowWrites
    const at = new Date().toISOString()
    rowWrites = rowWrites.then(() =>
      // The row only mirrors the pause: failing to write it must not fail the migration.
      recordPause({ customer, space, pausedBecause, at }).catch(() => undefined)
    )
    return rowWrites
  }
  const refused = async (refusal: Refusal) => {
    if (live.pausedBecause !== undefined) return
    live.paused = true
    live.pausedBecause = refusal.reason
    upsertSearchAttributes([{ key: MigrationStatus, value: 'paused' }])
    await forward((id) => child(id).signal(pauseSignal))
    if (parent)
      await child(parent.workflowId)
        .signal(refusedSignal, refusal)
        .catch(() => undefined) // the parent is gone: nobody to pause
    await showOnRow(refusal.reason)
  }
  setHandler(pauseSignal, async () => {
    live.paused = true
    await forward((id) => child(id).signal(pauseSignal))
  })
  setHandler(resumeSignal, async () => {
    live.paused = false
    const refusal = live.pausedBecause !== undefined
    if (refusal) {
      live.pausedBecause = undefined
      upsertSearchAttributes([{ key: MigrationStatus, value: 'running' }])
    }
    await forward((id) => child(id).signal(resumeSignal))
    if (refusal) await showOnRow(undefined)
  })
  setHandler(refusedSignal, refused)
  setHandler(tuneSignal, async (change) => {
    live.tuning = { ...live.tuning, ...validTuning(change) }
    await forward((id) => child(id).signal(tuneSignal, change))
  })
  setHandler(progressQuery, () => ({
    ...progress(),
    paused: live.paused,
    ...(live.pausedBecause === undefined
      ? {}
      : { pausedBecause: live.pausedBecause }),
    tuning: live.tuning,
    runningChildren: children(),
  }))
  return {
    get paused() {
      return live.paused
    },
    get tuning() {
      return live.tuning
    },
    untilResumed: () => condition(() => !live.paused),
    /** Pauses this workflow, its children and its parents: a service refuses the migration. */
    refuse: (reason: string) =>
      refused({ reason, from: workflowInfo().workflowId }),
    /** What a child or the next run should start with. */
    current: (): Pick<MigrationRun, 'paused' | 'pausedBecause' | 'tuning'> => ({
      paused: live.paused,
      ...(live.pausedBecause === undefined
        ? {}
        : { pausedBecause: live.pausedBecause }),
      tuning: live.tuning,
    }),
  }
}

export type Control = ReturnType<typeof useControl>

/** Keeps only positive integers: a bad signal must not stall a migration. */
function validTuning(change: Partial<Tuning>): Partial<Tuning> {
  return Object.fromEntries(
    Object.entries(change).filter(
      ([, value]) => Number.isInteger(value) && (value as number) > 0
    )
  )
}

/** Whether this run should hand over to a new one: Temporal's suggestion or our own threshold. */
export function historyIsLong(maxEvents: number): boolean {
  const info = workflowInfo()
  return info.continueAsNewSuggested || info.historyLength >= maxEvents
}
