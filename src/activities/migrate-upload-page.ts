import { activityInfo, heartbeat } from '@temporalio/activity'
import type { NewUploadFailure } from '../services/dynamo/migration-failures-table.js'
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
import { toFailure } from './to-failure.js'

/** What the page activity needs; the worker builds it once. */
export interface UploadPagePorts {
  listPage(
    space: string,
    options: { cursor?: string; limit: number }
  ): Promise<UploadPage>
  migrate(
    customer: string,
    upload: UploadRecord,
    mode: UploadMode
  ): Promise<UploadOutcome>
  recordFailure(failure: NewUploadFailure): Promise<void>
  clearFailure(space: string, root: string): Promise<void>
}

/**
 * Migrates one page of a space's uploads with bounded concurrency. It heartbeats how many of the
 * page's uploads are done in order, so a retry (after a crash or a transient failure) resumes
 * there. A failed upload is recorded and the page goes on; only a transient failure fails the
 * page, to be retried.
 */
export const migrateUploadPage =
  (ports: UploadPagePorts) =>
  async (input: UploadPageInput): Promise<UploadPageResult> => {
    const page = await ports.listPage(input.space, {
      cursor: input.cursor,
      limit: input.pageSize,
    })
    const resumed = activityInfo().heartbeatDetails as
      UploadPageCheckpoint | undefined
    const counts = {
      migrated: 0,
      alreadyMigrated: 0,
      failed: 0,
      ...resumed?.counts,
    }
    const todo = page.uploads.slice(resumed?.finished ?? 0)
    const offset = page.uploads.length - todo.length
    try {
      await runWithFinishedPrefix(
        todo,
        input.concurrency,
        async (upload) => {
          const outcome = await ports.migrate(
            input.customer,
            upload,
            input.mode
          )
          await record(ports, input, outcome, counts)
        },
        (finished) =>
          heartbeat({
            finished: offset + finished,
            counts,
          } satisfies UploadPageCheckpoint)
      )
    } catch (err) {
      throw toFailure(err)
    }
    return {
      processed: page.uploads.length,
      ...counts,
      nextCursor: page.cursor,
      lastProcessedUpload: page.uploads.at(-1)?.root,
    }
  }

async function record(
  ports: UploadPagePorts,
  input: UploadPageInput,
  outcome: UploadOutcome,
  counts: UploadPageCheckpoint['counts']
) {
  if (outcome.status === 'failed') {
    counts.failed++
    if (input.mode === 'verify-only') return
    await ports.recordFailure({
      space: outcome.space,
      root: outcome.root,
      customer: input.customer,
      instanceId: input.instanceId,
      step: outcome.step ?? 'unknown',
      reason: outcome.reason ?? 'UNKNOWN_ERROR',
      error: outcome.error ?? '',
    })
    return
  }
  if (outcome.status === 'already-migrated' || outcome.status === 'verified')
    counts.alreadyMigrated++
  else counts.migrated++
  if (input.mode !== 'verify-only')
    await ports.clearFailure(outcome.space, outcome.root)
}
