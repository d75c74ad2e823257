import type { CustomerProgress } from '../../services/dynamo/migration-customers-table.js'
import type { FailureSummary } from '../../services/dynamo/migration-failures-table.js'
import type { SpaceProgress } from '../../services/dynamo/migration-progress-table.js'
import type { AdminTables } from './admin-tables.js'
import type { Scope } from './scope.js'

/** Customers read per page of migration-customers. */
export const CUSTOMER_PAGE = 100

/** The customers setup-distribution assigned to an instance, a page at a time. */
export async function* instanceCustomers(
  customers: Pick<AdminTables['migrationCustomers'], 'instancePage'>,
  instanceId: string
): AsyncGenerator<string[]> {
  let cursor: string | undefined
  do {
    const page = await customers.instancePage(instanceId, {
      cursor,
      limit: CUSTOMER_PAGE,
    })
    yield page.items
    cursor = page.cursor
  } while (cursor)
}

/** Every customer setup-distribution planned, a page at a time. */
export async function* plannedCustomers(
  customers: Pick<AdminTables['migrationCustomers'], 'allPage'>
): AsyncGenerator<string[]> {
  let cursor: string | undefined
  do {
    const page = await customers.allPage({ cursor, limit: CUSTOMER_PAGE })
    yield page.items
    cursor = page.cursor
  } while (cursor)
}

/** The customers of a scope that names many, a page at a time. */
export function customersOfScope(
  customers: Pick<
    AdminTables['migrationCustomers'],
    'allPage' | 'instancePage'
  >,
  scope: Extract<Scope, { kind: 'all' | 'instance' | 'customers' }>
): AsyncIterable<string[]> {
  switch (scope.kind) {
    case 'all':
      return plannedCustomers(customers)
    case 'instance':
      return instanceCustomers(customers, scope.instanceId)
    case 'customers':
      return inPages(scope.customers, CUSTOMER_PAGE)
  }
}

async function* inPages<T>(
  items: readonly T[],
  size: number
): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size)
}

/** The rows of migration-progress, migration-customers and migration-failures a scope covers. */
export interface ScopeRows {
  progress(): AsyncIterable<SpaceProgress[]>
  customers(): AsyncIterable<CustomerProgress[]>
  failures(): AsyncIterable<FailureSummary[]>
}

/**
 * Reads a scope page by page, never a whole table at once. An instance is the customers assigned
 * to it in migration-customers (what `migrate --instance` runs), and their rows in the others.
 */
export function scopeRows(tables: AdminTables, scope: Scope): ScopeRows {
  const {
    migrationProgress: progress,
    migrationCustomers: customers,
    migrationFailures: failures,
  } = tables
  switch (scope.kind) {
    case 'all':
      return {
        progress: () => progress.scanAll(),
        customers: () => customers.scanAll(),
        failures: () => failures.scanSummaries(),
      }
    case 'instance':
    case 'customers': {
      const names = () => customersOfScope(customers, scope)
      return {
        progress: () => eachCustomer(names(), (c) => progress.byCustomer(c)),
        customers: () => customerRows(customers, names()),
        failures: () =>
          eachCustomer(names(), (c) => failureRows(failures.byCustomer(c))),
      }
    }
    case 'customer':
      return {
        progress: () => progress.byCustomer(scope.customer),
        customers: () => customerRows(customers, single(scope.customer)),
        failures: () => failureRows(failures.byCustomer(scope.customer)),
      }
    case 'space': {
      const customerOf = async () =>
        scope.customer ?? (await tables.consumer.ownerOf(scope.space))?.customer
      return {
        progress: () =>
          fromPromise(async () => {
            const customer = await customerOf()
            const row = customer && (await progress.get(customer, scope.space))
            return row ? [row] : []
          }),
        customers: () =>
          fromPromise(async () => {
            const customer = await customerOf()
            const row = customer && (await customers.get(customer))
            return row ? [row] : []
          }),
        failures: () => failureRows(failures.bySpace(scope.space)),
      }
    }
  }
}

async function* single<T>(value: T): AsyncGenerator<T[]> {
  yield [value]
}

async function* fromPromise<T>(read: () => Promise<T[]>): AsyncGenerator<T[]> {
  yield await read()
}

async function* eachCustomer<T>(
  names: AsyncIterable<string[]>,
  pagesOf: (customer: string) => AsyncIterable<T[]>
): AsyncGenerator<T[]> {
  for await (const page of names)
    for (const customer of page) yield* pagesOf(customer)
}

async function* customerRows(
  customers: Pick<AdminTables['migrationCustomers'], 'get'>,
  names: AsyncIterable<string[]>
): AsyncGenerator<CustomerProgress[]> {
  for await (const page of names) {
    const rows = await Promise.all(page.map((c) => customers.get(c)))
    yield rows.filter((row): row is CustomerProgress => row !== undefined)
  }
}

/** Leaves the error messages behind: a scope's rows are held a page at a time, summaries only. */
async function* failureRows(
  pages: AsyncIterable<FailureSummary[]>
): AsyncGenerator<FailureSummary[]> {
  for await (const page of pages)
    yield page.map(({ space, root, customer, instanceId, reason }) => ({
      space,
      root,
      customer,
      instanceId,
      reason,
    }))
}
