import type { Info } from '@temporalio/activity'
import { ApplicationFailure, CancelledFailure } from '@temporalio/common'
import type { Logger } from 'pino'
import type { NewUploadFailure } from '../services/dynamo/migration-failures-table.js'
import type {
  UploadPageCheckpoint,
  UploadPageInput,
  UploadPageResult,
} from '../workflows/types.js'

export type { Logger } from 'pino'

/** The `event` of each line a page writes. */
export const PAGE_EVENTS = {
  start: 'page.start',
  end: 'page.end',
  failure: 'upload.failed',
  upload: 'upload',
} as const

/** The activity a line comes from: its workflow, its own ID and type, and the attempt. */
export function activityScope(info: Info) {
  return {
    workflowId: info.workflowExecution?.workflowId,
    runId: info.workflowExecution?.runId,
    workflowType: info.workflowType,
    activityId: info.activityId,
    activityType: info.activityType,
    attempt: info.attempt,
  }
}

/** What a page's lines say about it, on every line. */
function pageScope(input: UploadPageInput) {
  return {
    instanceId: input.instanceId,
    customer: input.customer,
    space: input.space,
    mode: input.mode,
    cursor: input.cursor,
    ...(input.onlyFailed ? { onlyFailed: true } : {}),
    ...(input.root ? { onlyRoot: input.root } : {}),
  }
}

export interface PageLog {
  /** The page's result; `page.end` with `outcome: done` and its counts. */
  ended(result: UploadPageResult): void
  /** The attempt failed or was cancelled; `page.end` with that outcome and the error. */
  stopped(err: unknown): void
  failureRecorded(failure: NewUploadFailure): void
  /** One upload's outcome, at debug level only (a page is many uploads). */
  upload(root: string, status: string): void
}

const SILENT: PageLog = {
  ended: () => {},
  stopped: () => {},
  failureRecorded: () => {},
  upload: () => {},
}

/**
 * A page attempt's log: `page.start` now, then exactly one `page.end` (done, failed or
 * cancelled), with `upload.failed` for each failure recorded in between. Silent without a logger.
 */
export function startPageLog(
  log: Logger | undefined,
  input: UploadPageInput,
  resumed: UploadPageCheckpoint | undefined
): PageLog {
  if (!log) return SILENT
  const scoped = log.child(pageScope(input))
  const began = performance.now()
  const durationMs = () => Math.round(performance.now() - began)
  scoped.info(
    {
      event: PAGE_EVENTS.start,
      pageSize: input.pageSize,
      ...(resumed ? { resumedFinished: resumed.finished } : {}),
    },
    'page start'
  )
  return {
    ended: (result) =>
      scoped.info(
        {
          event: PAGE_EVENTS.end,
          outcome: 'done',
          processed: result.processed,
          migrated: result.migrated,
          alreadyMigrated: result.alreadyMigrated,
          failed: result.failed,
          nextCursor: result.nextCursor,
          durationMs: durationMs(),
        },
        'page end'
      ),
    stopped: (err) => {
      const cancelled = err instanceof CancelledFailure
      scoped[cancelled ? 'info' : 'warn'](
        {
          event: PAGE_EVENTS.end,
          outcome: cancelled ? 'cancelled' : 'failed',
          error: errorFields(err),
          durationMs: durationMs(),
        },
        'page end'
      )
    },
    failureRecorded: (failure) =>
      scoped.warn(
        {
          event: PAGE_EVENTS.failure,
          root: failure.root,
          reason: failure.reason,
          step: failure.step,
          error: failure.error,
        },
        'upload failed'
      ),
    upload: (root, status) => {
      if (scoped.isLevelEnabled('debug'))
        scoped.debug({ event: PAGE_EVENTS.upload, root, status })
    },
  }
}

function errorFields(err: unknown) {
  if (!(err instanceof Error)) return { message: String(err) }
  return {
    type: err instanceof ApplicationFailure ? err.type : err.name,
    message: err.message,
    ...(err instanceof ApplicationFailure
      ? { retryable: !err.nonRetryable }
      : {}),
  }
}
