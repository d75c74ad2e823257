import { formatCount, formatDate } from '../../shared/format.js'
import type { FailedView, SpaceRow } from '../views.js'
import {
  type Block,
  failedUploadsBlock,
  gatewayFailuresBlock,
  instanceAndWorker,
  layout,
  MARKER,
  title,
} from './layout.js'
import type { RenderOptions } from './render-options.js'

/** Failed spaces with their errors, after the failed uploads by reason. */
export function renderFailed(
  view: FailedView,
  options: RenderOptions = {}
): string {
  return layout([
    title('Failed Migrations'),
    [`Total Failed: ${formatCount(view.spaces.length)}`],
    failedUploadsBlock(view.failedUploads),
    gatewayFailuresBlock(view.gatewayFailedSpaces),
    ...view.spaces.map((row) => failedEntry(row, options)),
  ])
}

const failedEntry = (row: SpaceRow, { timeZone }: RenderOptions): Block => [
  `${MARKER.failed} ${row.space}`,
  `  Customer: ${row.customer}`,
  `  ${instanceAndWorker(row)}`,
  ...(row.gatewayReason ? [`  Gateway: ${row.gatewayReason}`] : []),
  `  Error: ${row.error || '-'}`,
  `  Updated: ${formatDate(row.updatedAt, timeZone)}`,
]
