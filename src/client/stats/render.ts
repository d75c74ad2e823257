import { formatCount, formatPercent, formatRatio } from '../format.js'
import type { Stats } from './aggregate.js'
import { describeScope } from './scope.js'

const LABEL = 16
const line = (label: string, text: string) =>
  `${label.padEnd(LABEL)}${text}`.trimEnd()

/** `stats` as text: a few lines, counts with thousands separators. */
export function renderStats(stats: Stats): string {
  const { progress, customers, failedUploads } = stats
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
  const width = Math.max(
    0,
    ...failedUploads.byReason.map((r) => r.reason.length)
  )
  for (const { reason, count } of failedUploads.byReason)
    lines.push(`  ${reason.padEnd(width)}  ${formatCount(count)}`)
  lines.push(
    'Processed: migrated, already migrated or failed, in spaces a run has started; planned: counted by setup-distribution.'
  )
  if (spaces.total === 0 && customers.total === 0 && failedUploads.total === 0)
    lines.push('Nothing is recorded for this scope yet.')
  return `${lines.join('\n')}\n`
}
