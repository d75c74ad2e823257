import {
  ContinueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  upsertSearchAttributes,
} from '@temporalio/workflow'
import {
  MigrationStatus,
  MigrationUploadsDone,
  MigrationUploadsFailed,
} from './search-attributes.js'
import { childFinishedSignal } from './signals.js'
import type { ChildFinished, ParentRef, UploadCounts } from './types.js'

/** Counts on the workflow's search attributes, so lists and the Web UI show them. */
export function showCounts(counts: UploadCounts, status?: string): void {
  upsertSearchAttributes([
    { key: MigrationUploadsDone, value: counts.processed },
    { key: MigrationUploadsFailed, value: counts.failed },
    ...(status ? [{ key: MigrationStatus, value: status }] : []),
  ])
}

/** Tells the parent (whichever of its runs is current) that this child is done. */
export async function reportToParent(
  parent: ParentRef | undefined,
  report: ChildFinished
): Promise<void> {
  if (!parent) return
  await getExternalWorkflowHandle(parent.workflowId)
    .signal(childFinishedSignal, report)
    .catch(() => undefined) // the parent is gone: nobody is waiting
}

/** Continue-as-new and cancellation pass through; anything else ends the scope as failed. */
export function isHandover(err: unknown): boolean {
  return err instanceof ContinueAsNew || isCancellation(err)
}

export const messageOf = (err: unknown): string =>
  err instanceof Error
    ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}`
    : String(err)
