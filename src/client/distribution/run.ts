import { mkdir } from 'node:fs/promises'
import { formatCount, formatPercent } from '../shared/format.js'
import { balance, byUploadsDescending } from './balance.js'
import { CheckpointFile } from './checkpoint.js'
import { countCustomers, CountingStopped } from './count.js'
import { SKIP_LIST } from './customer-filter.js'
import { rateOf } from './estimate.js'
import { instanceFileName } from '../shared/instance-file.js'
import {
  type DistributionOptions,
  DistributionInputError,
  resolveOptions,
  type ResolvedOptions,
} from './options.js'
import { perSecond, seconds, startProgress } from './progress.js'
import {
  type DistributionTotals,
  renderAnalysis,
  renderInstances,
  renderLoadBalance,
  renderTimeEstimate,
  renderTopCustomers,
  renderUploadDistribution,
  RULE,
  totalsOf,
} from './report.js'
import type { RetryOptions } from './retry.js'
import { scanCustomers } from './scan.js'
import type {
  CheckpointEntry,
  CustomerCount,
  DistributionOutput,
  DistributionTables,
  InstancePlan,
} from './types.js'
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

/**
 * setup-distribution: scans the consumer table, counts each customer's uploads, balances the
 * customers over instances and, unless analyzing, writes one file per instance and each
 * customer's migration-customers row. Invalid options throw DistributionInputError before
 * anything is read or written; an interrupted count throws CountingStopped after saving the
 * checkpoint the next run resumes from.
 */
export async function runSetupDistribution(
  deps: DistributionDeps,
  options: DistributionOptions,
  out: DistributionOutput
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
  out.write(renderHeader(deps.env, opts))
  if (writing && !opts.yes) {
    const question = `Write ${opts.instances} instance files to ${opts.outDir}/ and assign the customers in migration-customers (${deps.env})?`
    if (!(await deps.confirm?.(question))) {
      out.write('Aborted: nothing was written.\n')
      return { ...result, outcome: 'declined' }
    }
  }

  let checkpoint: CheckpointFile | undefined
  let resumed: Map<string, CheckpointEntry> | undefined
  if (writing) {
    await mkdir(opts.outDir, { recursive: true })
    checkpoint = new CheckpointFile(opts.outDir, deps.env)
    const read = await checkpoint.read()
    if (read.kind === 'loaded') {
      resumed = read.counts
      out.write(
        `Resuming from ${checkpoint.path}: ${formatCount(read.counts.size)} customers counted on ${read.updatedAt}\n\n`
      )
    } else if (read.kind === 'ignored')
      out.write(`Ignoring ${checkpoint.path}: ${read.reason}\n\n`)
  }

  const progressOptions = { intervalMs: tuning.progressIntervalMs }
  let note: (text: string) => void = (text) => void out.write(`${text}\n`)
  const retry: RetryOptions = {
    ...tuning.retry,
    onRetry: (err, attempt, ms) => {
      note(
        `  retry ${attempt} in ${seconds(ms)} after ${(err as Error).name}: ${(err as Error).message}`
      )
      tuning.retry?.onRetry?.(err, attempt, ms)
    },
  }

  out.write(
    `Step 1: scanning the consumer table (${opts.parallelSegments} parallel segments)\n${RULE}\n`
  )
  let scanned = { records: 0, customers: 0 }
  const scanProgress = startProgress(
    out,
    (ms) =>
      `  ${formatCount(scanned.records)} consumer rows, ${formatCount(scanned.customers)} customers, ${seconds(ms)} (${perSecond(scanned.records, ms)} rows/s)`,
    progressOptions
  )
  note = scanProgress.note
  const scan = await scanCustomers(deps.tables.consumer, {
    segments: opts.parallelSegments,
    patterns: opts.patterns,
    signal: deps.signal,
    retry,
    onPage: (records, customers) => (scanned = { records, customers }),
  }).finally(() => scanProgress.stop())
  out.write(
    [
      `  Skipped by the skip list: ${formatCount(scan.skipped.size)} customers`,
      ...(opts.patterns.length > 0
        ? [
            `  Not matching --filter: ${formatCount(scan.filteredOut)} customers`,
          ]
        : []),
      ...(scan.invalid > 0
        ? [
            `  Rows without a customer or space DID: ${formatCount(scan.invalid)}`,
          ]
        : []),
      `  Customers to count: ${formatCount(scan.spaces.size)}`,
    ].join('\n') + '\n\n'
  )

  out.write(`Step 2: counting uploads per customer\n${RULE}\n`)
  let counted = {
    customers: 0,
    totalCustomers: scan.spaces.size,
    spaces: 0,
    uploads: 0,
    resumed: 0,
  }
  const countProgress = startProgress(
    out,
    (ms) =>
      `  ${formatCount(counted.customers)}/${formatCount(counted.totalCustomers)} customers (${formatPercent(counted.customers, counted.totalCustomers)}), ${formatCount(counted.spaces)} spaces, ${formatCount(counted.uploads)} uploads, ${seconds(ms)} (${perSecond(counted.customers - counted.resumed, ms)} customers/s)`,
    progressOptions
  )
  note = countProgress.note
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
      out.write(
        checkpoint && err.saved
          ? `\n${err.message}. The ${formatCount(err.counted)} customers counted are saved in ${checkpoint.path}: run the same command again to resume.\n`
          : `\n${err.message}.\n`
      )
    throw err
  }
  countProgress.stop()
  // A complete checkpoint until the distribution is written, so that a failed write resumes at once.
  await checkpoint?.save(counts, now())
  out.write(
    result.resumed > 0
      ? `  ${formatCount(result.resumed)} customers from the checkpoint, ${formatCount(counts.length - result.resumed)} counted now\n\n`
      : '\n'
  )

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
    out.write(
      `Left out ${formatCount(counts.length - included.length)} customers with fewer than ${formatCount(opts.minUploads)} uploads\n\n`
    )
  result.customers = included
  result.totals = totalsOf(included)
  if (included.length === 0) {
    out.write('No customer to distribute: nothing was written.\n')
    await checkpoint?.remove()
    return { ...result, outcome: 'empty' }
  }

  out.write(renderUploadDistribution(included))
  out.write(renderTopCustomers(included))
  out.write(renderAnalysis(result.totals))
  const estimates = {
    workersPerInstance: opts.workersPerInstance,
    rate: rateOf(opts.uploadsPerMinute),
  }
  if (opts.instances !== undefined) {
    const plan = balance(included, opts.instances)
    result.plan = plan
    out.write(renderInstances(plan, result.totals.uploads, estimates))
    out.write(renderLoadBalance(plan))
    out.write(renderTimeEstimate(plan, estimates))
  }
  if (!writing || !result.plan) {
    out.write(
      opts.instances === undefined
        ? 'Analysis only: nothing was written. Add --instances N to see the plan, then drop --analyze to write it.\n'
        : 'Analysis only: nothing was written. Run again without --analyze to write this plan.\n'
    )
    return result
  }

  return writeDistribution(deps, opts, out, {
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
  out: DistributionOutput,
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
  out.write(`Distribution Files\n${RULE}\n`)
  const files = await writeInstanceFiles(opts.outDir, deps.env, plan, now())
  for (const [i, path] of files.written.entries())
    out.write(
      `  ✓ ${path} (${formatCount(plan[i]?.customers.length ?? 0)} customers)\n`
    )
  for (const path of files.removed)
    out.write(`  removed ${path}, left by an earlier, larger distribution\n`)
  out.write('\n')

  out.write(`Customer Assignments (migration-customers)\n${RULE}\n`)
  const byCustomer = new Map(result.customers.map((c) => [c.customer, c]))
  const filter = opts.patterns.length > 0 ? opts.patterns.join(',') : undefined
  let written = 0
  const progress = startProgress(
    out,
    (ms) =>
      `  ${formatCount(written)}/${formatCount(byCustomer.size)} rows written, ${seconds(ms)}`,
    { intervalMs: deps.tuning?.progressIntervalMs }
  )
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
  out.write(`  Assigned: ${formatCount(rows.assigned)} customers\n`)
  if (rows.keptCompleted.length > 0)
    out.write(
      `  Already completed, row kept as it was: ${formatCount(rows.keptCompleted.length)} customers\n`
    )
  const stale = await findStaleAssignments(
    deps.tables.migrationCustomers,
    new Set(byCustomer.keys())
  )
  if (stale.count > 0)
    out.write(
      [
        `  Warning: ${formatCount(stale.count)} customers not in this plan keep an instance from an earlier distribution,`,
        '  and an instance migration still reads them by instance, for example:',
        ...stale.examples.map(
          (s) => `    ${s.customer} (instance ${s.instanceId})`
        ),
      ].join('\n') + '\n'
    )
  out.write('\n')
  await checkpoint.remove()

  out.write(
    [
      'Next Steps',
      RULE,
      'Start each instance’s migration (it reads its customers from migration-customers):',
      ...plan.map((instance) => `  migrate --instance ${instance.instance}`),
      'or hand an instance its file:',
      `  migrate --customers-file ${opts.outDir}/${instanceFileName(1, deps.env)}`,
      'Follow progress with: monitor',
    ].join('\n') + '\n'
  )
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

function renderHeader(env: string, opts: ResolvedOptions): string {
  const mode = opts.analyze
    ? `analyze: report only, nothing is written${opts.instances ? ` (plan for ${opts.instances} instances shown)` : ''}`
    : `distribute over ${opts.instances} instances, files in ${opts.outDir}/`
  return (
    [
      'Setup Distribution',
      RULE,
      `Environment: ${env}`,
      `Mode: ${mode}`,
      `Parallel scan segments: ${opts.parallelSegments}`,
      `Skip list: ${SKIP_LIST.join(', ')}`,
      `Include filter: ${opts.patterns.length > 0 ? opts.patterns.join(', ') : '(all customers)'}`,
      `Minimum uploads: ${formatCount(opts.minUploads)}`,
    ].join('\n') + '\n\n'
  )
}
