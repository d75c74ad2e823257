import {
  formatCount,
  formatEstimate,
  formatPercent,
} from '../../shared/format.js'
import { loadSpread } from '../balance.js'
import {
  describeRate,
  type EstimateSettings,
  estimateMinutes,
} from '../estimate.js'
import { type DistributionTotals, totalsOf } from '../totals.js'
import type { CustomerCount, InstancePlan } from '../types.js'

/** The rule under every section title, as in the spec's example. */
export const RULE = '='.repeat(70)

const section = (title: string, lines: string[]): string =>
  [title, RULE, ...lines].join('\n') + '\n\n'

/** "Customer Distribution Analysis", laid out as the spec shows it. */
export function renderAnalysis(totals: DistributionTotals): string {
  const average =
    totals.customers > 0 ? Math.round(totals.uploads / totals.customers) : 0
  return section('Customer Distribution Analysis', [
    `Total customers: ${formatCount(totals.customers)}`,
    `Total uploads: ${formatCount(totals.uploads)}`,
    `Total spaces: ${formatCount(totals.spaces)}`,
    `Average uploads/customer: ${formatCount(average)}`,
  ])
}

/** "Instance Distribution": one block per instance, as the spec shows it. */
export function renderInstances(
  plan: readonly InstancePlan[],
  totalUploads: number,
  { workersPerInstance, rate }: EstimateSettings
): string {
  const blocks = plan.map((instance) => {
    const minutes = estimateMinutes(
      instance.uploads,
      workersPerInstance,
      rate.uploadsPerMinute
    )
    return [
      `Instance ${instance.instance}:`,
      `  Customers: ${formatCount(instance.customers.length)}`,
      `  Uploads: ${formatCount(instance.uploads)} (${formatPercent(instance.uploads, totalUploads)})`,
      `  Spaces: ${formatCount(instance.spaces)}`,
      `  Estimated time (${workersPerInstance} workers): ${formatEstimate(minutes)}`,
    ].join('\n')
  })
  return `Instance Distribution\n${RULE}\n${blocks.join('\n\n')}\n\n`
}

/** "Load Balance:", as the spec shows it; the spread is the original's "variance". */
export function renderLoadBalance(plan: readonly InstancePlan[]): string {
  const { min, max, spreadPercent } = loadSpread(plan)
  return (
    [
      'Load Balance:',
      `  Min uploads/instance: ${formatCount(min)}`,
      `  Max uploads/instance: ${formatCount(max)}`,
      `  Variance: ${spreadPercent.toFixed(1)}%`,
    ].join('\n') + '\n\n'
  )
}

/** The rate behind the estimates, where it came from, and the slowest instance. */
export function renderTimeEstimate(
  plan: readonly InstancePlan[],
  { workersPerInstance, rate }: EstimateSettings
): string {
  const workers = plan.length * workersPerInstance
  const slowest = Math.max(0, ...plan.map((instance) => instance.uploads))
  const minutes = estimateMinutes(
    slowest,
    workersPerInstance,
    rate.uploadsPerMinute
  )
  return section('Time Estimate', [
    `Rate: ${describeRate(rate)}`,
    `Workers: ${formatCount(workersPerInstance)} per instance, ${formatCount(workers)} in all (${formatCount(Math.round(workers * rate.uploadsPerMinute))} uploads/minute combined)`,
    `Slowest instance: ${formatCount(slowest)} uploads, ${formatEstimate(minutes)}`,
  ])
}

/** Upload-count ranges; unlike the original's, customers without uploads have one too. */
export const UPLOAD_BUCKETS: readonly {
  label: string
  min: number
  max: number
}[] = [
  { label: '0', min: 0, max: 0 },
  { label: '1-10', min: 1, max: 10 },
  { label: '11-100', min: 11, max: 100 },
  { label: '101-1K', min: 101, max: 1_000 },
  { label: '1K-10K', min: 1_001, max: 10_000 },
  { label: '10K-100K', min: 10_001, max: 100_000 },
  { label: '100K+', min: 100_001, max: Infinity },
]

/** How many customers fall in each upload-count range, and how many spaces are empty. */
export function renderUploadDistribution(
  customers: readonly CustomerCount[]
): string {
  const totals = totalsOf(customers)
  const counts = UPLOAD_BUCKETS.map(() => 0)
  for (const c of customers) {
    const i = UPLOAD_BUCKETS.findIndex(
      (b) => c.uploads >= b.min && c.uploads <= b.max
    )
    counts[i] = (counts[i] ?? 0) + 1
  }
  return section('Upload Count Distribution', [
    ...UPLOAD_BUCKETS.map(
      (bucket, i) =>
        `  ${bucket.label.padEnd(10)}: ${formatCount(counts[i] ?? 0).padStart(8)} customers (${formatPercent(counts[i] ?? 0, totals.customers)})`
    ),
    `Spaces without uploads: ${formatCount(totals.emptySpaces)} of ${formatCount(totals.spaces)} (${formatPercent(totals.emptySpaces, totals.spaces)})`,
  ])
}

export const TOP_CUSTOMERS = 10

/** The customers with the most uploads. */
export function renderTopCustomers(
  customers: readonly CustomerCount[],
  limit = TOP_CUSTOMERS
): string {
  const { uploads } = totalsOf(customers)
  const top = [...customers]
    .sort((a, b) => b.uploads - a.uploads)
    .slice(0, limit)
  const lines = top.map(
    (c, i) =>
      `  ${String(i + 1).padStart(3)}. ${c.customer.padEnd(50)} | ${formatCount(c.uploads).padStart(12)} uploads (${formatPercent(c.uploads, uploads).padStart(6)}) | ${formatCount(c.spaces).padStart(6)} spaces`
  )
  return section(
    `Top ${top.length} Customers by Uploads`,
    lines.length > 0 ? lines : ['  (none)']
  )
}
