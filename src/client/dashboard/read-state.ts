import { loadView } from '../monitor/load-view.js'
import type { MonitorView, StuckView } from '../monitor/views.js'
import type { DashboardTables } from './dashboard-tables.js'
import type { ScopeLinks } from './links.js'
import { pauseKind } from './pause-kind.js'
import { type DashboardState, STUCK_SHOWN } from './state.js'

/** One read of the tables: the state without the throughput, which comes from the samples. */
export type TableState = Omit<
  DashboardState,
  'throughput' | 'intervalSeconds' | 'env' | 'error'
>

/**
 * Reads the monitor's overview (a scan of migration-progress and of migration-failures'
 * reasons, and the plan: a scan of migration-customers) and its stuck spaces (the status index),
 * all page by page into counters.
 */
export async function readState(
  tables: DashboardTables,
  links: ScopeLinks,
  { stuckMinutes, now }: { stuckMinutes: number; now: Date }
): Promise<TableState> {
  const [overall, stuck] = await Promise.all([
    loadView(tables, { view: 'overall' }, now).then(expect('overall')),
    loadView(
      tables,
      { view: 'stuck', olderThanMinutes: stuckMinutes },
      now
    ).then(expect('stuck')),
  ])
  const pauses = overall.paused.map((p) => ({
    ...p,
    kind: pauseKind(p.reason),
  }))
  return {
    at: now.toISOString(),
    overall: { key: '', planned: overall.planned, progress: overall.total },
    instances: overall.byInstance.map((group) => ({
      key: group.key,
      planned: group.planned,
      progress: group.tally,
      ...linkOf(group.key === '' ? undefined : links.instance(group.key)),
    })),
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
