import { formatCount, formatPercent, formatRatio } from '../shared/format.js'
import type { ReasonCounts } from '../shared/reason-counts.js'
import type { Stats } from './aggregate.js'
import { describeScope } from '../shared/scope.js'

const LABEL = 16
const line = (label: string, text: string) =>
  `${label.padEnd(LABEL)}${text}`.trimEnd()

/** `stats` as text: a few lines, counts with thousands separators. */
export function renderStats(stats: Stats): string {
  const { progress, customers, failedUploads, gatewayFailedSpaces } = stats
  const { uploads, spaces } = progress
  const planned =
    customers.plannedUploads > 0
      ? `, ${formatCount(customers.plannedUploads)} planned (${formatPercent(uploads.completed, customers.plannedUploads)})`
      : ''
  const lines = [
    `Stats: ${describeScope(stats.scope)}`,
    line(
      'Uploads',
      `${formatRatio(uploads.completed, uploads.total)} processed (${formatPercent(uploads.completed, uploads.total)})${planned}`
    ),
    line(
      'Spaces',
      [
        `${formatRatio(spaces.completed, spaces.total)} completed (${formatPercent(spaces.completed, spaces.total)})`,
        `${formatCount(spaces.inProgress)} in progress`,
        `${formatCount(spaces.pending)} pending`,
        `${formatCount(spaces.failed)} failed`,
        ...(customers.plannedSpaces > 0
          ? [`${formatCount(customers.plannedSpaces)} planned`]
          : []),
      ].join(' · ')
    ),
    line(
      'Customers',
      [
        `${formatRatio(customers.completed, customers.total)} completed (${formatPercent(customers.completed, customers.total)})`,
        `${formatCount(customers.inProgress)} in progress`,
        `${formatCount(customers.pending)} pending`,
        `${formatCount(customers.failed)} failed`,
      ].join(' · ')
    ),
    line('Failed uploads', formatCount(failedUploads.total)),
  ]
  const reasons = [...failedUploads.byReason, ...gatewayFailedSpaces.byReason]
  const width = Math.max(0, ...reasons.map((r) => r.reason.length))
  const byReason = (counts: ReasonCounts) =>
    counts.byReason.map(
      ({ reason, count }) => `  ${reason.padEnd(width)}  ${formatCount(count)}`
    )
  lines.push(...byReason(failedUploads))
  if (gatewayFailedSpaces.total > 0)
    lines.push(
      line(
        'Gateway failed',
        `${formatCount(gatewayFailedSpaces.total)} spaces (their own authorization, not their uploads)`
      ),
      ...byReason(gatewayFailedSpaces)
    )
  lines.push(
    'Processed: migrated, already migrated or failed, in spaces a run has started; planned: counted by setup-distribution.'
  )
  if (spaces.total === 0 && customers.total === 0 && failedUploads.total === 0)
    lines.push('Nothing is recorded for this scope yet.')
  return `${lines.join('\n')}\n`
}

/** `part` of `whole` in percent, one decimal; nothing of nothing is 0. */
export const percentOf = (part: number, whole: number): number =>
  whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0

/** The one JSON object `stats --json` prints. */
export function statsJson(stats: Stats) {
  const { progress, customers, failedUploads, gatewayFailedSpaces } = stats
  return {
    scope: stats.scope,
    uploads: {
      total: progress.uploads.total,
      processed: progress.uploads.completed,
      percent: percentOf(progress.uploads.completed, progress.uploads.total),
      planned: customers.plannedUploads,
      percentOfPlanned: percentOf(
        progress.uploads.completed,
        customers.plannedUploads
      ),
    },
    spaces: {
      ...progress.spaces,
      percent: percentOf(progress.spaces.completed, progress.spaces.total),
      planned: customers.plannedSpaces,
    },
    customers: {
      total: customers.total,
      completed: customers.completed,
      inProgress: customers.inProgress,
      pending: customers.pending,
      failed: customers.failed,
      percent: percentOf(customers.completed, customers.total),
    },
    failedUploads,
    gatewayFailedSpaces,
  }
}
