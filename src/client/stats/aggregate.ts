import type { CustomerProgress } from '../../services/dynamo/migration-customers-table.js'
import type { SpaceProgress } from '../../services/dynamo/migration-progress-table.js'
import { countReasons, type FailedUploads } from '../shared/failed-uploads.js'
import {
  GatewayFailureCounter,
  type GatewayFailedSpaces,
} from '../shared/gateway-failures.js'
import { tapPages } from '../shared/pages.js'
import { addToTally, emptyTally, type Tally } from '../shared/tally.js'
import type { ScopeRows } from '../shared/scope-rows.js'
import type { Scope } from '../shared/scope.js'

/** Customers (rows of migration-customers) by status, and what setup-distribution planned for them. */
export interface CustomerCounts {
  total: number
  completed: number
  inProgress: number
  pending: number
  failed: number
  /** Sum of the rows' totalSpaces and totalUploads: the plan, counted before any run. */
  plannedSpaces: number
  plannedUploads: number
}

/** What a scope adds up to, read page by page: one counter per status and per failure reason. */
export interface Stats {
  scope: Scope
  /** Spaces by status and uploads listed/processed, from migration-progress. */
  progress: Tally
  customers: CustomerCounts
  failedUploads: FailedUploads
  /** Spaces failed at the gateway, by the reason on their progress row. */
  gatewayFailedSpaces: GatewayFailedSpaces
}

const STATUS_COUNT = {
  completed: 'completed',
  'in-progress': 'inProgress',
  pending: 'pending',
  failed: 'failed',
} as const

export const emptyCustomerCounts = (): CustomerCounts => ({
  total: 0,
  completed: 0,
  inProgress: 0,
  pending: 0,
  failed: 0,
  plannedSpaces: 0,
  plannedUploads: 0,
})

/** Adds a customer row into the counts and returns them; an unknown status counts as pending. */
export function addCustomer(
  counts: CustomerCounts,
  row: Pick<CustomerProgress, 'status' | 'totalSpaces' | 'totalUploads'>
): CustomerCounts {
  counts.total++
  counts[STATUS_COUNT[row.status] ?? 'pending']++
  counts.plannedSpaces += row.totalSpaces
  counts.plannedUploads += row.totalUploads
  return counts
}

export async function tallyProgress(
  pages: AsyncIterable<readonly SpaceProgress[]>
): Promise<Tally> {
  const tally = emptyTally()
  for await (const page of pages) for (const row of page) addToTally(tally, row)
  return tally
}

export async function countCustomers(
  pages: AsyncIterable<readonly CustomerProgress[]>
): Promise<CustomerCounts> {
  const counts = emptyCustomerCounts()
  for await (const page of pages)
    for (const row of page) addCustomer(counts, row)
  return counts
}

/** Reads the three tables of a scope at once, each page by page, holding only the counters. */
export async function collectStats(
  scope: Scope,
  rows: ScopeRows
): Promise<Stats> {
  const gateway = new GatewayFailureCounter()
  const [progress, customers, failedUploads] = await Promise.all([
    tallyProgress(tapPages(rows.progress(), (row) => gateway.add(row))),
    countCustomers(rows.customers()),
    countReasons(rows.failures()),
  ])
  return {
    scope,
    progress,
    customers,
    failedUploads,
    gatewayFailedSpaces: gateway.counts(),
  }
}
