import {
  condition,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow'
import {
  pauseSignal,
  progressQuery,
  resumeSignal,
  tuneSignal,
} from './signals.js'
import type { MigrationRun, Progress, Tuning } from './types.js'

/**
 * A workflow's live controls: pause, resume and tuning signals, applied here and forwarded to
 * the children still running (`children()` gives their IDs), and the progress query.
 */
export function useControl(
  run: MigrationRun,
  progress: () => Omit<Progress, 'paused' | 'tuning'>,
  children: () => string[] = () => []
) {
  const live = { paused: run.paused ?? false, tuning: { ...run.tuning } }
  const forward = async (send: (id: string) => Promise<void>) => {
    await Promise.all(children().map((id) => send(id).catch(() => undefined)))
  }
  const child = getExternalWorkflowHandle
  setHandler(pauseSignal, async () => {
    live.paused = true
    await forward((id) => child(id).signal(pauseSignal))
  })
  setHandler(resumeSignal, async () => {
    live.paused = false
    await forward((id) => child(id).signal(resumeSignal))
  })
  setHandler(tuneSignal, async (change) => {
    live.tuning = { ...live.tuning, ...validTuning(change) }
    await forward((id) => child(id).signal(tuneSignal, change))
  })
  setHandler(progressQuery, () => ({
    ...progress(),
    paused: live.paused,
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
    /** What a child or the next run should start with. */
    current: (): Pick<MigrationRun, 'paused' | 'tuning'> => ({
      paused: live.paused,
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
