import { formatCount, formatPercent } from '../../shared/format.js'
import type { Output } from '../../shared/output.js'
import { SKIP_LIST } from '../customer-filter.js'
import { instanceFileName } from '../../shared/instance-file.js'
import type { ResolvedOptions } from '../options.js'
import type { DistributionView } from '../view.js'
import { perSecond, seconds, startProgress } from './progress.js'
import {
  renderAnalysis,
  renderInstances,
  renderLoadBalance,
  renderTimeEstimate,
  renderTopCustomers,
  renderUploadDistribution,
  RULE,
} from './report.js'

const lines = (...text: string[]): string => text.join('\n') + '\n'

/**
 * setup-distribution's report as text, in the spec's layout. Progress lines are redrawn every
 * `progressIntervalMs`; a retry notice goes above the progress line of the step that retries.
 */
export function textView(
  out: Output,
  { progressIntervalMs }: { progressIntervalMs?: number } = {}
): DistributionView {
  const write = (text: string) => void out.write(text)
  let note = (text: string): void => write(`${text}\n`)
  const progress = (line: (elapsedMs: number) => string) => {
    const shown = startProgress(out, line, { intervalMs: progressIntervalMs })
    note = shown.note
    return shown
  }
  return {
    started: (env, options) => write(renderHeader(env, options)),
    writeQuestion: (env, options) =>
      `Write ${options.instances} instance files to ${options.outDir}/ and assign the customers in migration-customers (${env})?`,
    declined: () => write('Aborted: nothing was written.\n'),
    checkpointRead(path, read) {
      if (read.kind === 'loaded')
        write(
          `Resuming from ${path}: ${formatCount(read.counts.size)} customers counted on ${read.updatedAt}\n\n`
        )
      else if (read.kind === 'ignored')
        write(`Ignoring ${path}: ${read.reason}\n\n`)
    },
    retrying: (err, attempt, ms) =>
      note(
        `  retry ${attempt} in ${seconds(ms)} after ${err.name}: ${err.message}`
      ),
    scanning(options, current) {
      write(
        `Step 1: scanning the consumer table (${options.parallelSegments} parallel segments)\n${RULE}\n`
      )
      return progress((ms) => {
        const { records, customers } = current()
        return `  ${formatCount(records)} consumer rows, ${formatCount(customers)} customers, ${seconds(ms)} (${perSecond(records, ms)} rows/s)`
      })
    },
    scanned: (scan, options) =>
      write(
        [
          `  Skipped by the skip list: ${formatCount(scan.skipped.size)} customers`,
          ...(options.patterns.length > 0
            ? [
                `  Not matching --filter: ${formatCount(scan.filteredOut)} customers`,
              ]
            : []),
          ...(scan.invalid > 0
            ? [
                `  Rows without a customer or space DID: ${formatCount(scan.invalid)}`,
              ]
            : []),
          ...(scan.contested > 0
            ? [
                `  Spaces provisioned to more than one customer: ${formatCount(scan.contested)} (each planned under the customer who provisioned it first)`,
              ]
            : []),
          `  Customers to count: ${formatCount(scan.spaces.size)}`,
        ].join('\n') + '\n\n'
      ),
    counting(current) {
      write(`Step 2: counting uploads per customer\n${RULE}\n`)
      return progress((ms) => {
        const c = current()
        return `  ${formatCount(c.customers)}/${formatCount(c.totalCustomers)} customers (${formatPercent(c.customers, c.totalCustomers)}), ${formatCount(c.spaces)} spaces, ${formatCount(c.uploads)} uploads, ${seconds(ms)} (${perSecond(c.customers - c.resumed, ms)} customers/s)`
      })
    },
    countingStopped: (err, checkpointPath) =>
      write(
        checkpointPath
          ? `\n${err.message}. The ${formatCount(err.counted)} customers counted are saved in ${checkpointPath}: run the same command again to resume.\n`
          : `\n${err.message}.\n`
      ),
    counted: (counted, resumed) =>
      write(
        resumed > 0
          ? `  ${formatCount(resumed)} customers from the checkpoint, ${formatCount(counted - resumed)} counted now\n\n`
          : '\n'
      ),
    leftOut: (customers, minUploads) =>
      write(
        `Left out ${formatCount(customers)} customers with fewer than ${formatCount(minUploads)} uploads\n\n`
      ),
    nothingToDistribute: () =>
      write('No customer to distribute: nothing was written.\n'),
    analyzed(customers, totals) {
      write(renderUploadDistribution(customers))
      write(renderTopCustomers(customers))
      write(renderAnalysis(totals))
    },
    planned(plan, totals, estimates) {
      write(renderInstances(plan, totals.uploads, estimates))
      write(renderLoadBalance(plan))
      write(renderTimeEstimate(plan, estimates))
    },
    analysisOnly: (instances) =>
      write(
        instances === undefined
          ? 'Analysis only: nothing was written. Add --instances N to see the plan, then drop --analyze to write it.\n'
          : 'Analysis only: nothing was written. Run again without --analyze to write this plan.\n'
      ),
    filesWritten(files, plan) {
      write(`Distribution Files\n${RULE}\n`)
      for (const [i, path] of files.written.entries())
        write(
          `  ✓ ${path} (${formatCount(plan[i]?.customers.length ?? 0)} customers)\n`
        )
      for (const path of files.removed)
        write(`  removed ${path}, left by an earlier, larger distribution\n`)
      write('\n')
    },
    assigning(total, written) {
      write(`Customer Assignments (migration-customers)\n${RULE}\n`)
      return progress(
        (ms) =>
          `  ${formatCount(written())}/${formatCount(total)} rows written, ${seconds(ms)}`
      )
    },
    assigned(rows, stale) {
      write(`  Assigned: ${formatCount(rows.assigned)} customers\n`)
      if (rows.keptCompleted.length > 0)
        write(
          `  Already completed, row kept as it was: ${formatCount(rows.keptCompleted.length)} customers\n`
        )
      if (stale.count > 0)
        write(
          lines(
            `  Warning: ${formatCount(stale.count)} customers not in this plan keep an instance from an earlier distribution,`,
            '  and an instance migration still reads them by instance, for example:',
            ...stale.examples.map(
              (s) => `    ${s.customer} (instance ${s.instanceId})`
            )
          )
        )
      write('\n')
    },
    finished: (plan, options, env) =>
      write(
        lines(
          'Next Steps',
          RULE,
          'Start each instance’s migration (it reads its customers from migration-customers):',
          ...plan.map(
            (instance) => `  migrate --instance ${instance.instance}`
          ),
          'or hand an instance its file:',
          `  migrate --customers-file ${options.outDir}/${instanceFileName(1, env)}`,
          'Follow progress with: monitor'
        )
      ),
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
