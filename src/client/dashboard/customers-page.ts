import { summarize } from '../monitor/summarize.js'
import type { DashboardTables } from './dashboard-tables.js'
import type { ScopeLinks } from './links.js'
import type { CustomerState, CustomersPage } from './state.js'

export const CUSTOMERS_PER_PAGE = 25

/**
 * One page of customers (an instance's, by `instance-index`, or every planned one), each with
 * its plan from its row and its progress added up from its spaces' rows page by page.
 */
export async function customersPage(
  tables: DashboardTables,
  links: ScopeLinks,
  {
    instance,
    cursor,
    limit = CUSTOMERS_PER_PAGE,
  }: { instance?: string; cursor?: string; limit?: number }
): Promise<CustomersPage> {
  const names = instance
    ? await tables.migrationCustomers.instancePage(instance, { cursor, limit })
    : await tables.migrationCustomers.allPage({ cursor, limit })
  const customers = await Promise.all(
    names.items.map((customer) => customerState(tables, links, customer))
  )
  return { customers, ...(names.cursor ? { cursor: names.cursor } : {}) }
}

async function customerState(
  tables: DashboardTables,
  links: ScopeLinks,
  customer: string
): Promise<CustomerState> {
  const [row, progress] = await Promise.all([
    tables.migrationCustomers.get(customer),
    summarize(tables.migrationProgress.byCustomer(customer)),
  ])
  const link = links.customer(customer)
  const pause = row?.status === 'in-progress' ? row.pause : undefined
  return {
    customer,
    ...(row?.instanceId ? { instanceId: row.instanceId } : {}),
    status: row?.status ?? 'pending',
    planned: { spaces: row?.totalSpaces ?? 0, uploads: row?.totalUploads ?? 0 },
    progress: progress.total,
    ...(pause ? { pause } : {}),
    ...(link ? { link } : {}),
  }
}
