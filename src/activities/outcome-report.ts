import { appendFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { UploadOutcome } from '../migration/migrate-upload.js'

/** One line of the per-run report: what happened to one upload, and where. */
export interface ReportEntry extends Omit<UploadOutcome, 'wrote'> {
  at: string
  customer: string
  mode: string
  instanceId?: string
  wroteIndex: boolean
  wroteClaims: number
}

export interface OutcomeReport {
  write(entry: ReportEntry): Promise<void>
}

/**
 * Per-upload outcomes as JSON lines, appended as they happen (never held in memory), one file
 * per instance and day on each worker host: the original's result log, but written as it goes.
 */
export function fileOutcomeReport(dir: string, env: string): OutcomeReport {
  let ready: Promise<unknown> | undefined
  return {
    async write(entry) {
      ready ??= mkdir(dir, { recursive: true })
      await ready
      const day = entry.at.slice(0, 10)
      const instance = (entry.instanceId ?? 'adhoc').replace(/[^\w-]/g, '-')
      await appendFile(
        join(dir, `migration-report-${env}-${instance}-${day}.jsonl`),
        `${JSON.stringify(entry)}\n`
      )
    },
  }
}

export function reportEntry(
  outcome: UploadOutcome,
  context: { customer: string; mode: string; instanceId?: string }
): ReportEntry {
  const { wrote, ...rest } = outcome
  return {
    at: new Date().toISOString(),
    ...context,
    ...rest,
    wroteIndex: wrote.index,
    wroteClaims: wrote.claims.length,
  }
}
