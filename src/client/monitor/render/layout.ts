import type { MigrationStatus } from '../../../services/dynamo/migration-progress-table.js'
import type { Pause } from '../../../services/dynamo/pause-attributes.js'
import {
  formatCount,
  formatDate,
  formatPercent,
  plural,
} from '../../shared/format.js'
import type { FailedUploads } from '../../shared/failed-uploads.js'
import type { GatewayFailedSpaces } from '../../shared/gateway-failures.js'
import type { PauseGroup } from '../pauses.js'
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

/** Spaces failed at the gateway by reason, after the uploads; nothing when none did. */
export const gatewayFailuresBlock = (failed: GatewayFailedSpaces): Block =>
  failed.total === 0
    ? []
    : [
        `Spaces Failed at the Gateway: ${formatCount(failed.total)}`,
        ...failed.byReason.map(
          ({ reason, count }) => `  ${reason}: ${formatCount(count)}`
        ),
      ]

export const PAUSED = '⏸️  Paused'

/** How a refusal's pause is lifted, said wherever it shows. */
const RESUME_HINT = 'resume with `control resume` once the service is back'

/** Reasons the text shows; each refused space has its own, so `--json` lists them all. */
const PAUSE_REASONS_SHOWN = 3

/** What a service's refusal paused, by reason; first in a view, as it stops everything else. */
export const pausedBlock = (
  groups: readonly PauseGroup[],
  timeZone?: string
): Block => [
  ...groups
    .slice(0, PAUSE_REASONS_SHOWN)
    .flatMap((group) => [
      `${PAUSED}: ${group.reason}`,
      `   ${[
        group.customers > 0 ? plural(group.customers, 'customer') : undefined,
        group.spaces > 0 ? plural(group.spaces, 'space') : undefined,
      ]
        .filter((part) => part !== undefined)
        .join(
          ', '
        )} since ${formatDate(group.since, timeZone)}; ${RESUME_HINT}`,
    ]),
  ...(groups.length > PAUSE_REASONS_SHOWN
    ? [
        `   and ${plural(groups.length - PAUSE_REASONS_SHOWN, 'other reason')} (monitor --json lists them)`,
      ]
    : []),
]

/** One customer's or space's pause. */
export const pauseBlock = (
  pause: Pause | undefined,
  timeZone?: string
): Block =>
  pause
    ? [
        `${PAUSED}: ${pause.reason}`,
        `   since ${formatDate(pause.at, timeZone)}; ${RESUME_HINT}`,
      ]
    : []

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
  {
    percent = true,
    of = uploads.total,
    planned = false,
    failed = 0,
  }: {
    percent?: boolean
    /** The total the share is of (the plan's uploads). */
    of?: number
    /** The total is setup-distribution's. */
    planned?: boolean
    /** Failed uploads among the completed ones (rows of migration-failures). */
    failed?: number
  } = {}
): Block => {
  const migrated = migratedText(uploads.completed, failed, of)
  return [
    `Total Uploads: ${formatCount(of)}${planned ? ' planned' : ''}`,
    `  ${MARKER.completed} Completed: ${formatCount(uploads.completed)}${
      percent ? ` (${formatPercent(uploads.completed, of)})` : ''
    }`,
    ...(migrated ? [`    of which ${migrated}`] : []),
  ]
}

/**
 * "68 migrated (94.4%), 4 failed": completed uploads count the failed ones too, so a share of
 * them never stands beside failures without the uploads really migrated; nothing when none failed.
 */
export function migratedText(
  completed: number,
  failed: number,
  of?: number
): string | undefined {
  if (failed <= 0) return undefined
  const migrated = Math.max(0, completed - failed)
  const share = of === undefined ? '' : ` (${formatPercent(migrated, of)})`
  return `${formatCount(migrated)} migrated${share}, ${formatCount(failed)} failed`
}

/** Planned spaces with no progress row yet; nothing when every one has a row. */
export const notStartedLine = (count: number): string[] =>
  count > 0 ? [`  · Not Started: ${formatCount(count)}`] : []
