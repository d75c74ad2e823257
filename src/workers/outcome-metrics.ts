import type {
  OutcomeReport,
  ReportEntry,
} from '../activities/outcome-report.js'
import type {
  MigrationMetrics,
  UploadOutcomeLabel,
} from '../metrics/migration-metrics.js'

/**
 * The outcome report that also counts each upload in `metrics` (then writes to `report`, when
 * the worker keeps one): every upload a page finishes goes through it, so the counts are the
 * page's own, at the cost of one counter per upload.
 */
export function countedOutcomes(
  metrics: MigrationMetrics,
  report?: OutcomeReport
): OutcomeReport {
  return {
    async write(entry) {
      metrics.upload(labelOf(entry.status), entry.reason)
      await report?.write(entry)
    },
  }
}

/** As the page counts them: a verified upload had nothing to migrate. */
function labelOf(status: ReportEntry['status']): UploadOutcomeLabel {
  if (status === 'migrated') return 'migrated'
  if (status === 'failed') return 'failed'
  return 'already_migrated'
}
