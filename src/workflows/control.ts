import {
  condition,
  getExternalWorkflowHandle,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow'
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

/**
 * A workflow's live controls: pause, resume and tuning signals, applied here and forwarded to
 * the children still running (`children()` gives their IDs), and the progress query. A refusal
 * (a service refusing the migration, found by this workflow or reported by a child) pauses this
 * workflow and its children, shows why on the `MigrationStatus` search attribute (`paused`) and
 * in the progress query, and goes up to `parent`; only `resume` lifts it.
 */
export function useControl(
  run: MigrationRun,
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
  }
  setHandler(pauseSignal, async () => {
    live.paused = true
    await forward((id) => child(id).signal(pauseSignal))
  })
  setHandler(resumeSignal, async () => {
    live.paused = false
    if (live.pausedBecause !== undefined) {
      live.pausedBecause = undefined
      upsertSearchAttributes([{ key: MigrationStatus, value: 'running' }])
    }
    await forward((id) => child(id).signal(resumeSignal))
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
