import type { FailureSummary } from '../../services/dynamo/migration-failures-table.js'
import type { SpaceProgress } from '../../services/dynamo/migration-progress-table.js'
import { countReasons } from '../shared/failed-uploads.js'
import {
  GatewayFailureCounter,
  gatewayFailuresOf,
} from '../shared/gateway-failures.js'
import { readPlan } from '../shared/plan.js'
import { instanceGroups } from './instance-groups.js'
import type { MonitorTables } from './monitor-tables.js'
import type { ViewRequest } from './options.js'
import { collectPages, filterPages, tapPages } from '../shared/pages.js'
import { activePause, PauseCounter } from './pauses.js'
import { byInstance, byKey, byWorker, summarize } from './summarize.js'
import { emptyTally, tallyOf } from '../shared/tally.js'
import {
  type CustomerView,
  type FailedView,
  type InstanceView,
  type MonitorView,
  type OverallView,
  type SpaceView,
  type StuckView,
  toSpaceRow,
} from './views.js'

const MINUTE_MS = 60_000

/** Reads what a view shows from DynamoDB, page by page. */
export function loadView(
  tables: MonitorTables,
  request: ViewRequest,
  now: Date
): Promise<MonitorView> {
  switch (request.view) {
    case 'overall':
      return loadOverall(tables)
    case 'instance':
      return loadInstance(tables, request.instanceId)
    case 'customer':
      return loadCustomer(tables, request.customer)
    case 'space':
      return loadSpace(tables, request.customer, request.space)
    case 'failed':
      return loadFailed(tables, request)
    case 'stuck':
      return loadStuck(tables, request, now)
  }
}

/**
 * A scan of migration-progress and of migration-failures' reasons, and setup-distribution's plan
 * (a scan of migration-customers), each added up page by page.
 */
async function loadOverall(tables: MonitorTables): Promise<OverallView> {
  const gateway = new GatewayFailureCounter()
  const paused = new PauseCounter()
  const progress = tapPages(tables.migrationProgress.scanAll(), (row) => {
    gateway.add(row)
    paused.add('spaces', activePause(row))
  })
  const failedByInstance = new Map<string, number>()
  const failures = tapPages(
    tables.migrationFailures.scanSummaries(),
    ({ instanceId = '' }) =>
      failedByInstance.set(
        instanceId,
        (failedByInstance.get(instanceId) ?? 0) + 1
      )
  )
  const [summary, failedUploads, plan] = await Promise.all([
    summarize(progress, byInstance),
    countReasons(failures),
    readPlan(tables.migrationCustomers.scanAll()),
    countPausedCustomers(tables, paused),
  ])
  return {
    view: 'overall',
    total: summary.total,
    planned: plan.total,
    byInstance: instanceGroups(plan, summary.groups, failedByInstance),
    failedUploads,
    gatewayFailedSpaces: gateway.counts(),
    paused: paused.groups(),
  }
}

/** A paused customer is in progress: its row is found by the status index, not by a scan. */
async function countPausedCustomers(
  tables: MonitorTables,
  paused: PauseCounter
): Promise<void> {
  for await (const page of tables.migrationCustomers.byStatus('in-progress'))
    for (const row of page) paused.add('customers', activePause(row))
}

async function loadInstance(
  tables: MonitorTables,
  instanceId: string
): Promise<InstanceView> {
  const rows = filterPages(
    tables.migrationProgress.scanAll(),
    (row) => row.instanceId === instanceId
  )
  const failed = new Map<string, number>()
  const [summary] = await Promise.all([
    summarize(rows, byWorker),
    countByWorker(
      filterPages(
        tables.migrationFailures.scanSummaries(),
        (f) => f.instanceId === instanceId
      ),
      failed
    ),
  ])
  // A worker that recorded failures but holds no row now (its spaces moved on) is listed too.
  const keys = new Set([...summary.groups.map((g) => g.key), ...failed.keys()])
  const groups = new Map(summary.groups.map((g) => [g.key, g.tally]))
  return {
    view: 'instance',
    instanceId,
    total: summary.total,
    failedUploads: [...failed.values()].reduce((a, b) => a + b, 0),
    byWorker: [...keys].sort(byKey).map((key) => ({
      key,
      tally: groups.get(key) ?? emptyTally(),
      failedUploads: failed.get(key) ?? 0,
    })),
  }
}

async function countByWorker(
  pages: AsyncIterable<readonly FailureSummary[]>,
  into: Map<string, number>
): Promise<void> {
  for await (const page of pages)
    for (const { workerId = '' } of page)
      into.set(workerId, (into.get(workerId) ?? 0) + 1)
}

async function loadCustomer(
  tables: MonitorTables,
  customer: string
): Promise<CustomerView> {
  const [spaces, failedUploads, row] = await Promise.all([
    collectPages(tables.migrationProgress.byCustomer(customer)),
    countReasons(tables.migrationFailures.byCustomer(customer)),
    tables.migrationCustomers.get(customer),
  ])
  const pause = row && activePause(row)
  return {
    view: 'customer',
    customer,
    total: tallyOf(spaces),
    ...(pause ? { pause } : {}),
    spaces: spaces.map(toSpaceRow),
    failedUploads,
    gatewayFailedSpaces: gatewayFailuresOf(spaces),
  }
}

async function loadSpace(
  tables: MonitorTables,
  customer: string,
  space: string
): Promise<SpaceView> {
  const [progress, failedUploads] = await Promise.all([
    tables.migrationProgress.get(customer, space),
    countReasons(tables.migrationFailures.bySpace(space)),
  ])
  return {
    view: 'space',
    customer,
    space,
    progress: progress && toSpaceRow(progress),
    failedUploads,
  }
}

/** What `--customer` and `--instance` narrow the failed and stuck lists to. */
interface ListFilter {
  customer?: string
  instance?: string
}

const inScope =
  ({ customer, instance }: ListFilter) =>
  (row: Pick<SpaceProgress, 'customer' | 'instanceId'>): boolean =>
    (customer === undefined || row.customer === customer) &&
    (instance === undefined || row.instanceId === instance)

async function loadFailed(
  tables: MonitorTables,
  filter: ListFilter
): Promise<FailedView> {
  const failures: AsyncIterable<FailureSummary[]> = filter.customer
    ? tables.migrationFailures.byCustomer(filter.customer)
    : tables.migrationFailures.scanSummaries()
  const [spaces, failedUploads] = await Promise.all([
    collectPages(
      filterPages(tables.migrationProgress.byStatus('failed'), inScope(filter))
    ),
    countReasons(filterPages(failures, inScope(filter))),
  ])
  const newestFirst = spaces.sort((a, b) =>
    b.updatedAt.localeCompare(a.updatedAt)
  )
  return {
    view: 'failed',
    spaces: newestFirst.map(toSpaceRow),
    failedUploads,
    gatewayFailedSpaces: gatewayFailuresOf(spaces),
  }
}

async function loadStuck(
  tables: MonitorTables,
  request: ListFilter & { olderThanMinutes: number },
  now: Date
): Promise<StuckView> {
  const before = new Date(now.getTime() - request.olderThanMinutes * MINUTE_MS)
  const spaces = await collectPages(
    filterPages(
      tables.migrationProgress.byStatus('in-progress', {
        updatedBefore: before.toISOString(),
      }),
      inScope(request)
    )
  )
  return {
    view: 'stuck',
    olderThanMinutes: request.olderThanMinutes,
    spaces: spaces.map((row) => ({
      ...toSpaceRow(row),
      stuckMinutes: minutesBetween(row.updatedAt, now),
    })),
  }
}

const minutesBetween = (iso: string, now: Date): number =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / MINUTE_MS))
