import { formatCount, formatRatio, plural } from '../shared/format.js'
import { describeScope } from '../shared/scope.js'
import type { ResetPreview, StatusCounts } from './plan.js'

const STATUS_LABELS: Record<keyof StatusCounts, string> = {
  completed: 'completed',
  'in-progress': 'in progress',
  failed: 'failed',
  pending: 'pending',
}

const byStatus = (counts: StatusCounts): string => {
  const parts = (Object.keys(STATUS_LABELS) as (keyof StatusCounts)[])
    .filter((status) => counts[status] > 0)
    .map((status) => `${formatCount(counts[status])} ${STATUS_LABELS[status]}`)
  return parts.length > 0 ? ` (${parts.join(' · ')})` : ''
}

const more = (shown: number, total: number): string[] =>
  total > shown ? [`  … and ${formatCount(total - shown)} more`] : []

/** What a reset would do (dry run) or is about to do (before the confirmation). */
export function renderPreview(
  preview: ResetPreview,
  { execute, deleteFailures }: { execute: boolean; deleteFailures: boolean }
): string {
  const { spaces, customers, scope } = preview
  const lines = [
    `Reset${execute ? '' : ' (dry run)'}: ${describeScope(scope)}`,
    `Space progress rows to reset: ${formatCount(spaces.toReset)} of ${formatCount(spaces.total)}${byStatus(spaces.byStatus)}`,
  ]
  const width = Math.max(0, ...spaces.listed.map((s) => s.space.length))
  for (const s of spaces.listed)
    lines.push(
      `  ${s.space.padEnd(width)}  ${s.status.padEnd(11)}  ${formatRatio(s.completedUploads, s.totalUploads)} uploads${s.gatewayDelegation ? '  (gateway delegation kept)' : ''}`
    )
  lines.push(...more(spaces.listed.length, spaces.toReset))
  if (spaces.toReset > 0)
    lines.push(
      `  → status pending, completedUploads 0 (${plural(spaces.processedUploads, 'processed upload')} now), lastProcessedUpload emptied, error cleared; gatewayDelegation (on ${plural(spaces.withGatewayDelegation, 'row')}), totalUploads and instanceId kept`
    )
  lines.push(
    `Customer rows to reset: ${formatCount(customers.toReset)} of ${formatCount(customers.total)}${byStatus(customers.byStatus)}`
  )
  const customerWidth = Math.max(
    0,
    ...customers.listed.map((c) => c.customer.length)
  )
  for (const c of customers.listed)
    lines.push(
      `  ${c.customer.padEnd(customerWidth)}  ${c.status.padEnd(11)}  ${formatRatio(c.completedSpaces, c.totalSpaces)} spaces  ${formatRatio(c.completedUploads, c.totalUploads)} uploads`
    )
  lines.push(...more(customers.listed.length, customers.toReset))
  if (customers.toReset > 0)
    lines.push(
      scope.kind === 'space'
        ? '  → status pending; its counts are set anew by the customer’s next run'
        : '  → status pending, completedSpaces 0, completedUploads 0, error cleared; totalSpaces, totalUploads and instanceId kept'
    )
  lines.push(
    deleteFailures
      ? `Failure rows to delete: ${formatCount(preview.failures)} (--failures)`
      : `Failure rows kept: ${formatCount(preview.failures)} (pass --failures to delete them too)`,
    'Never touched: upload rows, migration spaces, Storacha data, gateway authorizations.'
  )
  if (spaces.byStatus['in-progress'] > 0)
    lines.push(
      `warning: ${plural(spaces.byStatus['in-progress'], 'space')} in progress: cancel the running workflows first (control cancel), or they write over the reset`
    )
  if (!execute) lines.push('Dry run: nothing written. Pass --execute to reset.')
  return `${lines.join('\n')}\n`
}

/** What a reset wrote. */
export interface ResetResult {
  spaces: number
  customers: number
  failures: number
}

export const renderResult = (result: ResetResult): string =>
  `Reset ${plural(result.spaces, 'space progress row')} and ${plural(result.customers, 'customer row')}; deleted ${plural(result.failures, 'failure row')}.\n`
