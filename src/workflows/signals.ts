import { defineQuery, defineSignal } from '@temporalio/workflow'
import type { ChildFinished, Progress, Tuning } from './types.js'

/** Stops starting pages and children until resumed; work in flight finishes its page. */
export const pauseSignal = defineSignal('pause')
export const resumeSignal = defineSignal('resume')
/** Changes concurrency or page size of a running migration, from the next page or child on. */
export const tuneSignal = defineSignal<[Partial<Tuning>]>('tune')
/** A child space or customer workflow reporting its end to its parent. */
export const childFinishedSignal =
  defineSignal<[ChildFinished]>('childFinished')
export const progressQuery = defineQuery<Progress>('progress')
