import { NO_UPLOADS, type UploadCounts, type WindowState } from './types.js'

/** A window that has read nothing yet. */
export const newWindow = (): WindowState => ({
  exhausted: false,
  pending: [],
  running: [],
  started: 0,
  finished: 0,
  failed: 0,
  counts: { ...NO_UPLOADS },
  runs: 1,
})

export function addCounts(into: UploadCounts, add: UploadCounts): void {
  into.processed += add.processed
  into.migrated += add.migrated
  into.alreadyMigrated += add.alreadyMigrated
  into.failed += add.failed
  if (add.skipped) into.skipped = (into.skipped ?? 0) + add.skipped
}
