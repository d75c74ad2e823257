import { formatCount, formatDate, formatRatio } from '../../shared/format.js'
import type { CustomerView, SpaceRow } from '../views.js'
import {
  failedUploadsBlock,
  gatewayFailuresBlock,
  instanceAndWorker,
  layout,
  MARKER,
  PAUSED,
  pauseBlock,
  section,
  statusLines,
  title,
} from './layout.js'
import type { RenderOptions } from './render-options.js'

/** A customer's spaces: counts by status, then one entry per space. */
export function renderCustomer(
  view: CustomerView,
  options: RenderOptions = {}
): string {
  const spaceLines =
    view.spaces.length > 0
      ? view.spaces.flatMap((row) => spaceEntry(row, options))
      : ['  No progress recorded for this customer']
  return layout([
    title(`Customer: ${view.customer}`),
    pauseBlock(view.pause, options.timeZone),
    [`Total Spaces: ${formatCount(view.total.spaces.total)}`],
    ['Status:', ...statusLines(view.total.spaces)],
    failedUploadsBlock(view.failedUploads),
    gatewayFailuresBlock(view.gatewayFailedSpaces),
    section('Spaces', spaceLines),
  ])
}

/** Pending spaces show only their DID; running ones where, when and any pause; failed ones why. */
function spaceEntry(row: SpaceRow, { timeZone }: RenderOptions): string[] {
  const head = `  ${MARKER[row.status]} ${row.space}`
  const uploads = ` (${formatRatio(row.completedUploads, row.totalUploads)} uploads)`
  switch (row.status) {
    case 'pending':
      return [head]
    case 'completed':
      return [head + uploads]
    case 'in-progress':
      return [
        head + uploads,
        ...(row.pause ? [`     ${PAUSED}: ${row.pause.reason}`] : []),
        `     ${instanceAndWorker(row)}`,
        `     Updated: ${formatDate(row.updatedAt, timeZone)}`,
      ]
    case 'failed':
      return [
        head + uploads,
        ...(row.gatewayReason ? [`     Gateway: ${row.gatewayReason}`] : []),
        `     Error: ${row.error || '-'}`,
      ]
  }
}
