import { formatCount, formatPercent, formatRatio } from '../../shared/format.js'
import { planBase } from '../../shared/plan.js'
import type { InstanceGroup, OverallView } from '../views.js'
import type { RenderOptions } from './render-options.js'
import {
  type Block,
  failedUploadsBlock,
  gatewayFailuresBlock,
  layout,
  LIGHT_RULE,
  migratedText,
  notStartedLine,
  pausedBlock,
  statusLines,
  title,
  uploadsBlock,
} from './layout.js'

/**
 * The default view: pauses, totals over the plan (setup-distribution's spaces and uploads, or
 * the rows' where they list more), failed uploads and spaces by reason, then each instance.
 */
export function renderOverall(
  view: OverallView,
  { timeZone }: RenderOptions = {}
): string {
  const { spaces } = view.total
  const base = planBase(view.planned, view.total)
  return layout([
    title('Migration Progress Overview'),
    pausedBlock(view.paused, timeZone),
    [
      `Total Spaces: ${formatCount(base.spaces)}${base.spacesPlanned ? ' planned' : ''}`,
      ...statusLines(spaces, { percentOf: base.spaces }),
      ...notStartedLine(base.notStarted),
    ],
    uploadsBlock(view.total, {
      of: base.uploads,
      planned: base.uploadsPlanned,
      failed: view.failedUploads.total,
    }),
    failedUploadsBlock(view.failedUploads),
    gatewayFailuresBlock(view.gatewayFailedSpaces),
    view.byInstance.length > 0 ? ['Progress by Instance:', LIGHT_RULE] : [],
    ...view.byInstance.map(instanceBlock),
  ])
}

function instanceBlock(group: InstanceGroup): Block {
  const { tally, failedUploads } = group
  const base = planBase(group.planned, tally)
  const migrated = migratedText(tally.uploads.completed, failedUploads)
  return [
    group.key === '' ? 'No instance:' : `Instance ${group.key}:`,
    `  Spaces: ${share(tally.spaces.completed, base.spaces)}`,
    `  Uploads: ${share(tally.uploads.completed, base.uploads)}${migrated ? `, ${migrated}` : ''}`,
  ]
}

const share = (part: number, whole: number): string =>
  `${formatRatio(part, whole)} (${formatPercent(part, whole)})`
