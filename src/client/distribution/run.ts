import { mkdir } from 'node:fs/promises'
import type { Output } from '../shared/output.js'
import { balance, byUploadsDescending } from './balance.js'
import { CheckpointFile } from './checkpoint.js'
import { countCustomers, CountingStopped, type CountProgress } from './count.js'
import { rateOf } from './estimate.js'
import {
  type DistributionOptions,
  DistributionInputError,
  resolveOptions,
  type ResolvedOptions,
} from './options.js'
import { textView } from './render/text-view.js'
import type { RetryOptions } from './retry.js'
import { scanCustomers } from './scan.js'
import { type DistributionTotals, totalsOf } from './totals.js'
import type {
  CheckpointEntry,
  CustomerCount,
  DistributionTables,
  InstancePlan,
} from './types.js'
import type { DistributionView, ScanProgress } from './view.js'
import {
  assignCustomers,
  findStaleAssignments,
  type StaleAssignments,
  writeInstanceFiles,
} from './write.js'

/** Knobs with defaults that suit production; tests turn them down. */
export interface DistributionTuning {
  /** Upload counts in flight at once (the original's 20). */
  countConcurrency?: number
  /** migration-customers writes in flight at once. */
  writeConcurrency?: number
  /** Customers counted between checkpoint saves. */
  checkpointEvery?: number
  progressIntervalMs?: number
  retry?: RetryOptions
}

export interface DistributionDeps {
  tables: DistributionTables
  /** The environment, in file names and instance files. */
  env: string
  /** Asks before writing. Absent (no terminal to ask on), writing needs --yes. */
  confirm?: (question: string) => Promise<boolean>
  /** Stops scanning or counting; the counting checkpoint is saved first. */
  signal?: AbortSignal
  now?: () => Date
  tuning?: DistributionTuning
}

export interface DistributionResult {
  /** `empty`: no customer to distribute, nothing written. */
  outcome: 'analyzed' | 'written' | 'declined' | 'empty'
  totals?: DistributionTotals
  /** The customers distributed (after --min-uploads), most uploads first. */
  customers: CustomerCount[]
  plan?: InstancePlan[]
  /** Customers whose count came from the checkpoint. */
  resumed: number
  files: string[]
  removedFiles: string[]
  assigned: number
  keptCompleted: string[]
  stale?: StaleAssignments
}

/** setup-distribution with its report written as text to `out` (the CLI's and dev's). */
export const runSetupDistribution = (
  deps: DistributionDeps,
  options: DistributionOptions,
  out: Output
): Promise<DistributionResult> =>
  distribute(
    deps,
    options,
    textView(out, { progressIntervalMs: deps.tuning?.progressIntervalMs })
  )

/**
 * setup-distribution: scans the consumer table, counts each customer's uploads, balances the
 * customers over instances and, unless analyzing, writes one file per instance and each
 * customer's migration-customers row. Tells `view` what it finds as it goes and returns it.
 * Invalid options throw DistributionInputError before anything is read or written; an
 * interrupted count throws CountingStopped after saving the checkpoint the next run resumes from.
 */
export async function distribute(
  deps: DistributionDeps,
  options: DistributionOptions,
  view: DistributionView
): Promise<DistributionResult> {
  const opts = resolveOptions(options)
  const writing = !opts.analyze
  if (writing && !opts.yes && !deps.confirm)
    throw new DistributionInputError(
      'there is no terminal to confirm on: pass --yes to write the distribution'
    )
  const now = deps.now ?? (() => new Date())
  const tuning = deps.tuning ?? {}
  const result: DistributionResult = {
    outcome: 'analyzed',
    customers: [],
    resumed: 0,
    files: [],
    removedFiles: [],
    assigned: 0,
    keptCompleted: [],
  }
  view.started(deps.env, opts)
  if (writing && !opts.yes) {
    if (!(await deps.confirm?.(view.writeQuestion(deps.env, opts)))) {
      view.declined()
      return { ...result, outcome: 'declined' }
    }
  }

  let checkpoint: CheckpointFile | undefined
  let resumed: Map<string, CheckpointEntry> | undefined
  if (writing) {
    await mkdir(opts.outDir, { recursive: true })
    checkpoint = new CheckpointFile(opts.outDir, deps.env)
    const read = await checkpoint.read()
    if (read.kind === 'loaded') resumed = read.counts
    view.checkpointRead(checkpoint.path, read)
  }

  const retry: RetryOptions = {
    ...tuning.retry,
    onRetry: (err, attempt, ms) => {
      view.retrying(err as Error, attempt, ms)
      tuning.retry?.onRetry?.(err, attempt, ms)
    },
  }

  let scanned: ScanProgress = { records: 0, customers: 0 }
  const scanProgress = view.scanning(opts, () => scanned)
  const scan = await scanCustomers(deps.tables.consumer, {
    segments: opts.parallelSegments,
    patterns: opts.patterns,
    signal: deps.signal,
    retry,
    onPage: (records, customers) => (scanned = { records, customers }),
  }).finally(() => scanProgress.stop())
  view.scanned(scan, opts)

  let counted: CountProgress = {
    customers: 0,
    totalCustomers: scan.spaces.size,
    spaces: 0,
    uploads: 0,
    resumed: 0,
  }
  const countProgress = view.counting(() => counted)
  let counts: CheckpointEntry[]
  try {
    const outcome = await countCustomers(deps.tables, scan.spaces, {
      concurrency: tuning.countConcurrency,
      checkpointEvery: tuning.checkpointEvery,
      checkpoint,
      resumed,
      signal: deps.signal,
      retry,
      now,
      onProgress: (progress) => (counted = progress),
    })
    counts = outcome.counts
    result.resumed = outcome.resumed
  } catch (err) {
    countProgress.stop()
    if (err instanceof CountingStopped)
      view.countingStopped(
        err,
        checkpoint && err.saved ? checkpoint.path : undefined
      )
    throw err
  }
  countProgress.stop()
  // A complete checkpoint until the distribution is written, so that a failed write resumes at once.
  await checkpoint?.save(counts, now())
  view.counted(counts.length, result.resumed)

  const included = counts
    .filter((c) => c.uploads >= opts.minUploads)
    .map(({ customer, uploads, spaces, emptySpaces }) => ({
      customer,
      uploads,
      spaces,
      emptySpaces,
    }))
    .sort(byUploadsDescending)
  if (opts.minUploads > 0)
    view.leftOut(counts.length - included.length, opts.minUploads)
  result.customers = included
  result.totals = totalsOf(included)
  if (included.length === 0) {
    view.nothingToDistribute()
    await checkpoint?.remove()
    return { ...result, outcome: 'empty' }
  }

  view.analyzed(included, result.totals)
  if (opts.instances !== undefined) {
    result.plan = balance(included, opts.instances)
    view.planned(result.plan, result.totals, {
      workersPerInstance: opts.workersPerInstance,
      rate: rateOf(opts.uploadsPerMinute),
    })
  }
  if (!writing || !result.plan) {
    view.analysisOnly(opts.instances)
    return result
  }

  return writeDistribution(deps, opts, view, {
    result,
    plan: result.plan,
    checkpoint: checkpoint as CheckpointFile,
    retry,
    now,
  })
}

async function writeDistribution(
  deps: DistributionDeps,
  opts: ResolvedOptions,
  view: DistributionView,
  {
    result,
    plan,
    checkpoint,
    retry,
    now,
  }: {
    result: DistributionResult
    plan: InstancePlan[]
    checkpoint: CheckpointFile
    retry: RetryOptions
    now: () => Date
  }
): Promise<DistributionResult> {
  const files = await writeInstanceFiles(opts.outDir, deps.env, plan, now())
  view.filesWritten(files, plan)

  const byCustomer = new Map(result.customers.map((c) => [c.customer, c]))
  const filter = opts.patterns.length > 0 ? opts.patterns.join(',') : undefined
  let written = 0
  const progress = view.assigning(byCustomer.size, () => written)
  const rows = await assignCustomers(
    deps.tables.migrationCustomers,
    plan,
    byCustomer,
    {
      filter,
      concurrency: deps.tuning?.writeConcurrency,
      retry,
      signal: deps.signal,
      onProgress: (done) => (written = done),
    }
  ).finally(() => progress.stop())
  const stale = await findStaleAssignments(
    deps.tables.migrationCustomers,
    new Set(byCustomer.keys())
  )
  view.assigned(rows, stale)
  await checkpoint.remove()

  view.finished(plan, opts, deps.env)
  return {
    ...result,
    outcome: 'written',
    files: files.written,
    removedFiles: files.removed,
    assigned: rows.assigned,
    keptCompleted: rows.keptCompleted,
    stale,
  }
}
