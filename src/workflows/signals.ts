import { defineQuery, defineSignal } from '@temporalio/workflow'
import type { ChildFinished, Progress, Refusal, Tuning } from './types.js'

/** Stops starting pages and children until resumed; work in flight finishes its page. */
export const pauseSignal = defineSignal('pause')
export const resumeSignal = defineSignal('resume')
/** Changes concurrency or page size of a running migration, from the next page or child on. */
export const tuneSignal = defineSignal<[Partial<Tuning>]>('tune')
/**
 * A child telling its parent that an outside service refuses the migration: the parent pauses
 * itself and its other children, says why, and tells its own parent. `resume` lifts it.
 */
export const refusedSignal = defineSignal<[Refusal]>('refused')
/** A child space or customer workflow reporting its end to its parent. */
export const childFinishedSignal =
  defineSignal<[ChildFinished]>('childFinished')
export const progressQuery = defineQuery<Progress>('progress')
