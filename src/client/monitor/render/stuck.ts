import {
  formatCount,
  formatDate,
  formatMinutes,
  formatRatio,
  plural,
} from '../../shared/format.js'
import type { StuckSpace, StuckView } from '../views.js'
import {
  type Block,
  instanceAndWorker,
  layout,
  MARKER,
  PAUSED,
  title,
} from './layout.js'
import type { RenderOptions } from './render-options.js'

/** In-progress spaces that stopped updating, oldest first. */
export function renderStuck(
  view: StuckView,
  options: RenderOptions = {}
): string {
  return layout([
    title(
      `Stuck Migrations (in-progress >${formatMinutes(view.olderThanMinutes)})`
    ),
    [`Total Stuck: ${formatCount(view.spaces.length)}`],
    ...view.spaces.map((row) => stuckEntry(row, options)),
  ])
}

const stuckEntry = (row: StuckSpace, { timeZone }: RenderOptions): Block => [
  `${MARKER['in-progress']} ${row.space}`,
  `  Customer: ${row.customer}`,
  `  ${instanceAndWorker(row)}`,
  // A paused space does not update: it is waiting for `control resume`, not stuck.
  ...(row.pause ? [`  ${PAUSED}: ${row.pause.reason}`] : []),
  `  Stuck for: ${plural(row.stuckMinutes, 'minute')}`,
  `  Progress: ${formatRatio(row.completedUploads, row.totalUploads)} uploads`,
  `  Last Update: ${formatDate(row.updatedAt, timeZone)}`,
]
