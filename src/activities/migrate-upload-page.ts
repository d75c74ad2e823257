import {
  activityInfo,
  cancellationSignal,
  heartbeat,
} from '@temporalio/activity'
import { CancelledFailure } from '@temporalio/common'
import type { NewUploadFailure } from '../services/dynamo/migration-failures-table.js'
import type { SpaceProgressUpdate } from '../services/dynamo/migration-progress-table.js'
import type {
  UploadPage,
  UploadRecord,
} from '../services/dynamo/upload-table.js'
import type { UploadMode, UploadOutcome } from '../migration/migrate-upload.js'
import type {
  UploadPageCheckpoint,
  UploadPageInput,
  UploadPageResult,
} from '../workflows/types.js'
import { runWithFinishedPrefix } from './bounded-prefix.js'
import { type OutcomeReport, reportEntry } from './outcome-report.js'
import { pageFailure } from './to-failure.js'

/** What the page activity needs; the worker builds it once. */
export interface UploadPagePorts {
  /** A page of the space's uploads after `cursor`, in root order (or its failed ones, or one). */
  listPage(input: UploadPageInput): Promise<UploadPage>
  migrate(
    customer: string,
    upload: UploadRecord,
    mode: UploadMode
  ): Promise<UploadOutcome>
  recordFailure(failure: NewUploadFailure): Promise<void>
  clearFailure(space: string, root: string): Promise<void>
  recordProgress(
    customer: string,
    space: string,
    fields: SpaceProgressUpdate & { completedUploads: number }
  ): Promise<void>
  /** The per-run report of outcomes, when the worker keeps one. */
  report?: OutcomeReport
}

/**
 * Migrates one page of a space's uploads with bounded concurrency. It heartbeats the last root
 * of the page's finished prefix, so a retry (after a crash or a transient failure) resumes after
 * it, even when the listing changed in between (retrying failures deletes their rows). A failed
 * upload is recorded and the page goes on; only a transient failure fails the page, to be retried.
 */
export const migrateUploadPage =
  (ports: UploadPagePorts) =>
  async (input: UploadPageInput): Promise<UploadPageResult> => {
    const page = await ports.listPage(input)
    const resumed = activityInfo().heartbeatDetails as
      UploadPageCheckpoint | undefined
    // Counts cover the finished prefix only, so a resumed attempt never counts an upload twice.
    const counts: Counts = {
      migrated: 0,
      alreadyMigrated: 0,
      failed: 0,
      ...resumed?.counts,
    }
    const todo = afterRoot(page.uploads, resumed?.lastRoot)
    const kinds: (keyof Counts)[] = []
    let counted = 0
    let checkpoint: UploadPageCheckpoint = {
      finished: resumed?.finished ?? 0,
      lastRoot: resumed?.lastRoot,
      counts: { ...counts },
    }
    // One upload can take longer than the heartbeat timeout (a large shard to index).
    const keepAlive = setInterval(
      () => heartbeat(checkpoint),
      keepAliveMs(activityInfo().heartbeatTimeoutMs)
    )
    try {
      await runWithFinishedPrefix(
        todo.map((upload, index) => ({ upload, index })),
        input.concurrency,
        async ({ upload, index }) => {
          const outcome = await ports.migrate(
            input.customer,
            upload,
            input.mode
          )
          kinds[index] = await record(ports, input, outcome)
          await ports.report?.write(
            reportEntry(outcome, {
              customer: input.customer,
              mode: input.mode,
              instanceId: input.instanceId,
            })
          )
        },
        (finished) => {
          for (; counted < finished; counted++) counts[kinds[counted]!]++
          checkpoint = {
            finished: (resumed?.finished ?? 0) + finished,
            lastRoot: todo[finished - 1]?.root ?? resumed?.lastRoot,
            counts: { ...counts },
          }
          heartbeat(checkpoint)
        },
        // A cancelled attempt (its heartbeat timed out: another attempt took over) stops.
        () => cancellationSignal().aborted
      )
    } catch (err) {
      throw pageFailure(err)
    } finally {
      clearInterval(keepAlive)
    }
    if (cancellationSignal().aborted)
      throw new CancelledFailure(
        'page attempt cancelled; its checkpoint stands'
      )
    const result = {
      processed: checkpoint.finished,
      ...counts,
      nextCursor: page.cursor,
      lastProcessedUpload: page.uploads.at(-1)?.root,
    }
    if (input.progress) await mirrorProgress(ports, input, result)
    return result
  }

const keepAliveMs = (timeoutMs: number | undefined) =>
  Math.max(1_000, Math.floor((timeoutMs ?? 60_000) / 3))

const afterRoot = (uploads: UploadRecord[], lastRoot: string | undefined) =>
  lastRoot === undefined ? uploads : uploads.filter((u) => u.root > lastRoot)

/** Absolute values, not increments: a retried page writes the same row again. */
async function mirrorProgress(
  ports: UploadPagePorts,
  input: UploadPageInput,
  result: UploadPageResult
) {
  const before = input.progress ?? { completedUploads: 0 }
  await ports.recordProgress(input.customer, input.space, {
    status: 'in-progress',
    completedUploads: before.completedUploads + result.processed,
    ...(result.lastProcessedUpload
      ? { lastProcessedUpload: result.lastProcessedUpload }
      : {}),
    ...(input.instanceId ? { instanceId: input.instanceId } : {}),
  })
}

type Counts = UploadPageCheckpoint['counts']

/** Records a failure or clears an earlier one; returns which count the upload adds to. */
async function record(
  ports: UploadPagePorts,
  input: UploadPageInput,
  outcome: UploadOutcome
): Promise<keyof Counts> {
  if (outcome.status === 'failed') {
    if (input.mode === 'verify-only') return 'failed'
    await ports.recordFailure({
      space: outcome.space,
      root: outcome.root,
      customer: input.customer,
      instanceId: input.instanceId,
      step: outcome.step ?? 'unknown',
      reason: outcome.reason ?? 'UNKNOWN_ERROR',
      error: outcome.error ?? '',
    })
    return 'failed'
  }
  if (input.mode !== 'verify-only')
    await ports.clearFailure(outcome.space, outcome.root)
  return outcome.status === 'already-migrated' || outcome.status === 'verified'
    ? 'alreadyMigrated'
    : 'migrated'
}
