import { formatCount, formatDate, formatRatio } from '../../shared/format.js'
import type { CustomerView, SpaceRow } from '../views.js'
import {
  failedUploadsBlock,
  instanceAndWorker,
  layout,
  MARKER,
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
    [`Total Spaces: ${formatCount(view.total.spaces.total)}`],
    ['Status:', ...statusLines(view.total.spaces)],
    failedUploadsBlock(view.failedUploads),
    section('Spaces', spaceLines),
  ])
}

/** Pending spaces show only their DID; running ones where and when; failed ones why. */
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
        `     ${instanceAndWorker(row)}`,
        `     Updated: ${formatDate(row.updatedAt, timeZone)}`,
      ]
    case 'failed':
      return [head + uploads, `     Error: ${row.error || '-'}`]
  }
}
