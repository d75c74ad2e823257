import { formatEstimate } from '../distribution/estimate.js'
import { formatCount, plural } from '../format.js'
import type { AdminTables } from '../stats/admin-tables.js'
import { InvalidOptions, type Output } from '../stats/output.js'
import { describeScope, type Scope, scopeOf } from '../stats/scope.js'
import {
  estimateFigures,
  type Figures,
  type Rate,
  type ShardSample,
} from './figures.js'
import {
  BILLABLE_ACTIONS_PER_1000_UPLOADS,
  DEFAULT_SAMPLE,
  DEFAULT_WORKERS,
  HISTORY_EVENTS_PER_1000_UPLOADS,
  MEASURED_PAGE_SIZE,
  MEASURED_UPLOADS_PER_SECOND_PER_HOST,
} from './measured.js'
import { sampleShards, type ScopeSize, sizeOfScope } from './scope-size.js'

/** The `estimate` flags, parsed. */
export interface EstimateOptions {
  customer?: string
  space?: string
  instance?: string
  all?: boolean
  /** Upload rows to read for shards per upload. */
  sample?: number
  /** Hosts running workers. */
  workers?: number
  /** Uploads per second per host; the measured figure when not given. */
  uploadsPerSecond?: number
  json?: boolean
}

/** The scope (everything when none is named), or why the flags cannot be run. */
export function estimateScope(
  options: EstimateOptions
): { scope: Scope } | { problem: string } {
  const chosen = scopeOf(options, {
    defaultAll: true,
    spaceNeedsCustomer: false,
  })
  if ('problem' in chosen) return chosen
  if (!isPositiveInteger(options.sample))
    return { problem: '--sample must be a positive whole number of uploads' }
  if (!isPositiveInteger(options.workers))
    return { problem: '--workers must be a positive whole number of hosts' }
  const rate = options.uploadsPerSecond
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0))
    return { problem: '--uploads-per-second must be a positive number' }
  return chosen
}

const isPositiveInteger = (value: number | undefined): boolean =>
  value === undefined || (Number.isInteger(value) && value > 0)

export const rateOf = (uploadsPerSecond: number | undefined): Rate =>
  uploadsPerSecond === undefined
    ? {
        uploadsPerSecond: MEASURED_UPLOADS_PER_SECOND_PER_HOST,
        source: 'default',
      }
    : { uploadsPerSecond, source: 'flag' }

/** Everything `estimate` found and computed. */
export interface Estimate {
  scope: Scope
  size: ScopeSize
  sample: ShardSample
  workers: number
  rate: Rate
  figures: Figures
}

const WORST_CASE =
  'worst case assumed: every upload lacks an index, one request per shard'
const SAMPLE_METHOD = 'the first rows of the scope in table order'
const RATE_DEFAULT =
  'default: measured on a 2-core machine whose CPU the sandbox shares, a pessimistic local figure; see --uploads-per-second'

/** The one JSON object `estimate --json` prints. */
export function estimateJson(estimate: Estimate) {
  const { size, sample, figures, rate } = estimate
  return {
    scope: estimate.scope,
    customers: size.customers,
    spaces: size.spaces,
    uploads: size.uploads,
    uploadsBasis: size.basis,
    sample: {
      ...sample,
      shardsPerUpload: figures.shardsPerUpload,
      method: SAMPLE_METHOD,
    },
    shards: figures.shards,
    indexWorkerRequests: {
      atLeast: figures.indexWorkerRequests,
      assumption: WORST_CASE,
    },
    temporal: {
      historyEvents: figures.historyEvents,
      billableActions: figures.billableActions,
      per1000Uploads: {
        historyEvents: HISTORY_EVENTS_PER_1000_UPLOADS,
        billableActions: BILLABLE_ACTIONS_PER_1000_UPLOADS,
      },
      pageSize: MEASURED_PAGE_SIZE,
      source: 'npm run bench:workflows',
    },
    time: {
      workers: estimate.workers,
      uploadsPerSecondPerHost: rate.uploadsPerSecond,
      rateSource: rate.source,
      seconds: Math.round(figures.seconds),
    },
  }
}

const LABEL = 27
const row = (label: string, value: string) => `  ${label.padEnd(LABEL)}${value}`
const approx = (value: number | null) =>
  value === null
    ? 'unknown (no upload row to sample)'
    : `~${formatCount(value)}`

/** `estimate` as a short table. */
export function renderEstimate(estimate: Estimate): string {
  const { size, sample, figures, rate, workers } = estimate
  const basis =
    size.basis === 'counted'
      ? 'counted in the upload table'
      : 'planned by setup-distribution, from migration-customers'
  const perUpload =
    figures.shardsPerUpload === null
      ? 'no rows'
      : `${figures.shardsPerUpload.toFixed(2)} per upload, at most ${formatCount(sample.maxShards)}`
  const lines = [
    `Estimate: ${describeScope(estimate.scope)}`,
    ...(size.customers !== undefined
      ? [row('Customers', formatCount(size.customers))]
      : []),
    row('Spaces', formatCount(size.spaces)),
    row('Uploads', `${formatCount(size.uploads)} (${basis})`),
    row(
      'Sample',
      `${plural(sample.rows, 'upload row')} (${SAMPLE_METHOD}): ${perUpload}${sample.withoutShards > 0 ? `; ${formatCount(sample.withoutShards)} list no shards (their index names them), counted as 0` : ''}`
    ),
    row('Shards', approx(figures.shards)),
    row(
      'Index-worker requests',
      `${figures.indexWorkerRequests === null ? 'unknown' : `≥ ${formatCount(figures.indexWorkerRequests)}`} (${WORST_CASE})`
    ),
    row(
      'Temporal history events',
      `~${formatCount(figures.historyEvents)} (${formatCount(HISTORY_EVENTS_PER_1000_UPLOADS)} per 1,000 uploads at page size ${MEASURED_PAGE_SIZE}, measured by npm run bench:workflows)`
    ),
    row(
      'Temporal billable actions',
      `~${formatCount(figures.billableActions)} (${formatCount(BILLABLE_ACTIONS_PER_1000_UPLOADS)} per 1,000 uploads)`
    ),
    row(
      'Time',
      `~${formatEstimate(figures.seconds / 60)} with ${plural(workers, 'host')} at ${rate.uploadsPerSecond} uploads/s each (${rate.source === 'flag' ? 'from --uploads-per-second' : RATE_DEFAULT})`
    ),
  ]
  return `${lines.join('\n')}\n`
}

/** Reads DynamoDB only: counts the scope, samples its upload rows, prints the figures. */
export async function runEstimate(
  tables: AdminTables,
  options: EstimateOptions,
  out: Output
): Promise<number> {
  const chosen = estimateScope(options)
  if ('problem' in chosen) throw new InvalidOptions(chosen.problem)
  const { scope } = chosen
  const workers = options.workers ?? DEFAULT_WORKERS
  const rate = rateOf(options.uploadsPerSecond)
  const [size, sample] = await Promise.all([
    sizeOfScope(tables, scope),
    sampleShards(tables, scope, options.sample ?? DEFAULT_SAMPLE),
  ])
  const estimate: Estimate = {
    scope,
    size,
    sample,
    workers,
    rate,
    figures: estimateFigures(size.uploads, sample, workers, rate),
  }
  out.write(
    options.json
      ? `${JSON.stringify(estimateJson(estimate))}\n`
      : renderEstimate(estimate)
  )
  return 0
}
