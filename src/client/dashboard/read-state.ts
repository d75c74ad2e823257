import { loadView } from '../monitor/load-view.js'
import type { MonitorView, OverallView, StuckView } from '../monitor/views.js'
import type { Group } from '../monitor/summarize.js'
import { emptyTally, type Tally } from '../shared/tally.js'
import type { DashboardTables } from './dashboard-tables.js'
import type { ScopeLinks } from './links.js'
import { pauseKind } from './pause-kind.js'
import { type Plan, readPlan } from './plan.js'
import {
  type DashboardState,
  type PlannedWork,
  type ScopeProgress,
  STUCK_SHOWN,
} from './state.js'

/** One read of the tables: the state without the throughput, which comes from the samples. */
export type TableState = Omit<
  DashboardState,
  'throughput' | 'intervalSeconds' | 'env' | 'error'
>

/**
 * Reads the plan (a scan of migration-customers), the monitor's overview (a scan of
 * migration-progress and of migration-failures' reasons) and its stuck spaces (the status
 * index), all page by page into counters.
 */
export async function readState(
  tables: DashboardTables,
  links: ScopeLinks,
  { stuckMinutes, now }: { stuckMinutes: number; now: Date }
): Promise<TableState> {
  const [overall, stuck, plan] = await Promise.all([
    loadView(tables, { view: 'overall' }, now).then(expect('overall')),
    loadView(
      tables,
      { view: 'stuck', olderThanMinutes: stuckMinutes },
      now
    ).then(expect('stuck')),
    readPlan(tables.migrationCustomers.scanAll()),
  ])
  const pauses = overall.paused.map((p) => ({
    ...p,
    kind: pauseKind(p.reason),
  }))
  return {
    at: now.toISOString(),
    overall: { key: '', planned: plan.total, progress: overall.total },
    instances: instancesOf(plan, overall.byInstance, links),
    failedUploads: overall.failedUploads,
    gatewayFailedSpaces: overall.gatewayFailedSpaces,
    pauses,
    refusedWrites: pauses.some((p) => p.kind === 'refused-writes'),
    stuck: stuckOf(stuck, links),
  }
}

const expect =
  <V extends MonitorView['view']>(view: V) =>
  (read: MonitorView): Extract<MonitorView, { view: V }> => {
    if (read.view !== view) throw new Error(`expected the ${view} view`)
    return read as Extract<MonitorView, { view: V }>
  }

const collator = new Intl.Collator('en-US', { numeric: true })

/** Every instance that is planned or has progress rows, in numeric order, no instance last. */
function instancesOf(
  plan: Plan,
  groups: OverallView['byInstance'],
  links: ScopeLinks
): ScopeProgress[] {
  const progress = new Map<string, Tally>(
    groups.map((g: Group) => [g.key, g.tally])
  )
  const keys = [...new Set([...plan.byInstance.keys(), ...progress.keys()])]
  keys.sort((a, b) =>
    a === '' || b === ''
      ? Number(a === '') - Number(b === '')
      : collator.compare(a, b)
  )
  return keys.map((key) => ({
    key,
    planned: plan.byInstance.get(key) ?? unplanned(),
    progress: progress.get(key) ?? emptyTally(),
    ...linkOf(key === '' ? undefined : links.instance(key)),
  }))
}

const unplanned = (): PlannedWork => ({ customers: 0, spaces: 0, uploads: 0 })

const linkOf = (link: string | undefined) => (link ? { link } : {})

function stuckOf(view: StuckView, links: ScopeLinks): TableState['stuck'] {
  const longestFirst = [...view.spaces].sort(
    (a, b) => b.stuckMinutes - a.stuckMinutes
  )
  return {
    olderThanMinutes: view.olderThanMinutes,
    count: view.spaces.length,
    spaces: longestFirst
      .slice(0, STUCK_SHOWN)
      .map((row) => ({ ...row, ...linkOf(links.space(row.space)) })),
  }
}
