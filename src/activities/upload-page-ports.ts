import type { UploadRecord } from '../services/dynamo/upload-table.js'
import type { UploadPageInput } from '../workflows/types.js'
import type { UploadPagePorts } from './migrate-upload-page.js'
import type { ActivityDeps } from './ports.js'

/** The page activity's ports over the worker's tables and migration steps. */
export function uploadPagePorts({
  migration,
  worker,
  report,
  log,
}: ActivityDeps): UploadPagePorts {
  const { upload, migrationFailures, migrationProgress } = migration.tables
  const existing = (rows: (UploadRecord | undefined)[]) =>
    rows.filter((row): row is UploadRecord => row !== undefined)
  return {
    report,
    log,
    async listPage(input: UploadPageInput) {
      if (input.root) {
        const row = await upload.get(input.space, input.root)
        return { uploads: existing([row]) }
      }
      if (!input.onlyFailed)
        return upload.listPage(input.space, {
          cursor: input.cursor,
          limit: input.pageSize,
        })
      const failed = await migrationFailures.rootsPage(input.space, {
        cursor: input.cursor,
        limit: input.pageSize,
      })
      const rows = await Promise.all(
        failed.items.map((root) => upload.get(input.space, root))
      )
      return { uploads: existing(rows), cursor: failed.cursor }
    },
    survey: (uploads, mode) => migration.surveyUploads(uploads, mode),
    migrate: (customer, row, mode, context) =>
      migration.migrateUpload(customer, row, mode, context),
    verify: (outcomes, mode) => migration.verifyOutcomes(outcomes, mode),
    recordFailure: async (failure) => {
      await migrationFailures.record({ ...failure, workerId: worker.label })
    },
    failedAmong: async (space, roots) => {
      if (roots.length === 0) return new Set()
      const sorted = [...roots].sort()
      const failed = await migrationFailures.rootsBetween(
        space,
        sorted[0]!,
        sorted.at(-1)!
      )
      return new Set(roots.filter((root) => failed.has(root)))
    },
    clearFailure: (space, root) => migrationFailures.clear(space, root),
    recordProgress: async (customer, space, fields) => {
      await migrationProgress.advance(customer, space, {
        ...fields,
        workerId: worker.label,
      })
    },
  }
}
