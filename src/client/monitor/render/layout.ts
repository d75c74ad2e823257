import type { MigrationStatus } from '../../../services/dynamo/migration-progress-table.js'
import { formatCount, formatPercent } from '../../shared/format.js'
import type { FailedUploads } from '../../shared/failed-uploads.js'
import type { SpaceCounts, Tally } from '../../shared/tally.js'

/** The building blocks every view shares, as spec/MONITORING.md lays them out. */

export const HEAVY_RULE = '='.repeat(70)
export const LIGHT_RULE = '-'.repeat(70)

/** A status's marker; the pause sign is followed by an extra space, as it draws narrow. */
export const MARKER: Record<MigrationStatus, string> = {
  completed: '✓',
  'in-progress': '⏳',
  pending: '⏸️ ',
  failed: '✗',
}

/** A block of lines; a view is blocks separated by blank lines. */
export type Block = readonly string[]

/** Joins the non-empty blocks with blank lines, ending with a newline. */
export const layout = (blocks: readonly Block[]): string =>
  blocks
    .filter((block) => block.length > 0)
    .map((block) => block.join('\n'))
    .join('\n\n') + '\n'

export const title = (text: string): Block => [text, HEAVY_RULE]

export const section = (text: string, lines: readonly string[]): Block => [
  `${text}:`,
  LIGHT_RULE,
  ...lines,
]

/** The four status lines; `percentOf` adds the completed share of that total. */
export function statusLines(
  spaces: SpaceCounts,
  { percentOf }: { percentOf?: number } = {}
): string[] {
  const share =
    percentOf === undefined
      ? ''
      : ` (${formatPercent(spaces.completed, percentOf)})`
  return [
    `  ${MARKER.completed} Completed: ${formatCount(spaces.completed)}${share}`,
    `  ${MARKER['in-progress']} In Progress: ${formatCount(spaces.inProgress)}`,
    `  ${MARKER.pending} Pending: ${formatCount(spaces.pending)}`,
    `  ${MARKER.failed} Failed: ${formatCount(spaces.failed)}`,
  ]
}

/** Failed uploads by reason, most frequent first; nothing when none failed. */
export const failedUploadsBlock = (failed: FailedUploads): Block =>
  failed.total === 0
    ? []
    : [
        `Failed Uploads: ${formatCount(failed.total)}`,
        ...failed.byReason.map(
          ({ reason, count }) => `  ${reason}: ${formatCount(count)}`
        ),
      ]

/** "2" for an id, "-" when the row has none. */
export const idOrDash = (id: string | undefined): string =>
  id === undefined || id === '' ? '-' : id

export const instanceAndWorker = (row: {
  instanceId?: string
  workerId?: string
}): string =>
  `Instance: ${idOrDash(row.instanceId)}, Worker: ${idOrDash(row.workerId)}`

/** Total uploads and those completed, with their share when `percent`. */
export const uploadsBlock = (
  { uploads }: Tally,
  { percent = true } = {}
): Block => [
  `Total Uploads: ${formatCount(uploads.total)}`,
  `  ${MARKER.completed} Completed: ${formatCount(uploads.completed)}${
    percent ? ` (${formatPercent(uploads.completed, uploads.total)})` : ''
  }`,
]
