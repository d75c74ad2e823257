import { formatDate, formatRatio } from '../../shared/format.js'
import type { SpaceRow, SpaceView } from '../views.js'
import {
  type Block,
  failedUploadsBlock,
  idOrDash,
  layout,
  MARKER,
  pauseBlock,
  title,
} from './layout.js'
import type { RenderOptions } from './render-options.js'

/** One space's row in full, and its failed uploads by reason. */
export function renderSpace(
  view: SpaceView,
  { timeZone }: RenderOptions = {}
): string {
  const { progress } = view
  if (!progress)
    return layout([
      title('Space Migration Status'),
      [`Space: ${view.space}`, `Customer: ${view.customer}`],
      ['No progress recorded for this space'],
    ])
  return layout([
    title('Space Migration Status'),
    statusBlock(progress),
    pauseBlock(progress.pause, timeZone),
    [
      `Uploads: ${formatRatio(progress.completedUploads, progress.totalUploads)}`,
    ],
    failedUploadsBlock(view.failedUploads),
    progress.instanceId || progress.workerId
      ? [
          `Instance: ${idOrDash(progress.instanceId)}`,
          `Worker: ${idOrDash(progress.workerId)}`,
        ]
      : [],
    [
      `Created: ${formatDate(progress.createdAt, timeZone)}`,
      `Updated: ${formatDate(progress.updatedAt, timeZone)}`,
    ],
    progress.lastProcessedUpload
      ? [`Last Upload: ${progress.lastProcessedUpload}`]
      : [],
  ])
}

const statusBlock = (row: SpaceRow): Block => [
  `Space: ${row.space}`,
  `Customer: ${row.customer}`,
  `Status: ${MARKER[row.status]} ${row.status}`,
  ...(row.gatewayReason ? [`Gateway: ${row.gatewayReason}`] : []),
  ...(row.error ? [`Error: ${row.error}`] : []),
]
