import { formatCount, formatEstimate, plural } from '../shared/format.js'
import { describeScope } from '../shared/scope.js'
import {
  BILLABLE_ACTIONS_PER_1000_UPLOADS,
  HISTORY_EVENTS_PER_1000_UPLOADS,
  MEASURED_PAGE_SIZE,
} from './measured.js'
import type { Estimate } from './figures.js'

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
      source: 'npm run bench -- workflows',
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
      `~${formatCount(figures.historyEvents)} (${formatCount(HISTORY_EVENTS_PER_1000_UPLOADS)} per 1,000 uploads at page size ${MEASURED_PAGE_SIZE}, measured by npm run bench -- workflows)`
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
