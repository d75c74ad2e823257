import type { CheckpointRead } from './checkpoint.js'
import type { CountingStopped, CountProgress } from './count.js'
import type { EstimateSettings } from './estimate.js'
import type { ResolvedOptions } from './options.js'
import type { ScanResult } from './scan.js'
import type { DistributionTotals } from './totals.js'
import type { CustomerCount, InstancePlan } from './types.js'
import type { StaleAssignments } from './write.js'

/** What the consumer scan has read so far. */
export interface ScanProgress {
  records: number
  customers: number
}

/** A progress report that runs until its step ends. */
export interface ProgressReport {
  stop(): void
}

/**
 * What setup-distribution tells the operator as it goes, as data: the run decides what happens,
 * a view (the text report of `render/text-view.ts`) decides how it reads. Progress is pulled:
 * the view reads `current()` as often as it redraws.
 */
export interface DistributionView {
  started(env: string, options: ResolvedOptions): void
  /** The question asked before writing. */
  writeQuestion(env: string, options: ResolvedOptions): string
  declined(): void
  checkpointRead(path: string, read: CheckpointRead): void
  retrying(err: Error, attempt: number, delayMs: number): void
  scanning(
    options: ResolvedOptions,
    current: () => ScanProgress
  ): ProgressReport
  scanned(scan: ScanResult, options: ResolvedOptions): void
  counting(current: () => CountProgress): ProgressReport
  /** Counting stopped; `checkpointPath` when what was counted is saved there. */
  countingStopped(err: CountingStopped, checkpointPath?: string): void
  counted(counted: number, resumed: number): void
  leftOut(customers: number, minUploads: number): void
  nothingToDistribute(): void
  analyzed(
    customers: readonly CustomerCount[],
    totals: DistributionTotals
  ): void
  planned(
    plan: readonly InstancePlan[],
    totals: DistributionTotals,
    estimates: EstimateSettings
  ): void
  /** An analysis ends here; `instances` when a plan was shown. */
  analysisOnly(instances: number | undefined): void
  filesWritten(
    files: { written: string[]; removed: string[] },
    plan: readonly InstancePlan[]
  ): void
  assigning(total: number, written: () => number): ProgressReport
  assigned(
    rows: { assigned: number; keptCompleted: string[] },
    stale: StaleAssignments
  ): void
  finished(
    plan: readonly InstancePlan[],
    options: ResolvedOptions,
    env: string
  ): void
}
