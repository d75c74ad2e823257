import { formatCount, formatPercent, formatRatio } from '../../shared/format.js'
import type { Group } from '../summarize.js'
import type { OverallView } from '../views.js'
import type { RenderOptions } from './render-options.js'
import {
  type Block,
  failedUploadsBlock,
  gatewayFailuresBlock,
  layout,
  LIGHT_RULE,
  pausedBlock,
  statusLines,
  title,
  uploadsBlock,
} from './layout.js'

/** The default view: pauses, totals, failed uploads and spaces by reason, then each instance. */
export function renderOverall(
  view: OverallView,
  { timeZone }: RenderOptions = {}
): string {
  const { spaces } = view.total
  return layout([
    title('Migration Progress Overview'),
    pausedBlock(view.paused, timeZone),
    [
      `Total Spaces: ${formatCount(spaces.total)}`,
      ...statusLines(spaces, { percentOf: spaces.total }),
    ],
    uploadsBlock(view.total),
    failedUploadsBlock(view.failedUploads),
    gatewayFailuresBlock(view.gatewayFailedSpaces),
    view.byInstance.length > 0 ? ['Progress by Instance:', LIGHT_RULE] : [],
    ...view.byInstance.map(instanceBlock),
  ])
}

const instanceBlock = ({ key, tally }: Group): Block => [
  key === '' ? 'No instance:' : `Instance ${key}:`,
  `  Spaces: ${share(tally.spaces.completed, tally.spaces.total)}`,
  `  Uploads: ${share(tally.uploads.completed, tally.uploads.total)}`,
]

const share = (part: number, whole: number): string =>
  `${formatRatio(part, whole)} (${formatPercent(part, whole)})`
