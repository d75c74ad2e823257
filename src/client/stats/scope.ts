import type { CustomerProgress } from '../../services/dynamo/migration-customers-table.js'
import type { SpaceProgress } from '../../services/dynamo/migration-progress-table.js'
import type { AdminTables, FailureRow } from './admin-tables.js'

/** What an admin command covers: every planned customer, an instance's, a customer, or a space. */
export type Scope =
  | { kind: 'all' }
  | { kind: 'instance'; instanceId: string }
  | { kind: 'customer'; customer: string }
  | { kind: 'space'; space: string; customer?: string }

/** The scope flags, as yargs parses them. */
export interface ScopeFlags {
  customer?: string
  space?: string
  instance?: string
  all?: boolean
}

export interface ScopeRules {
  /** No scope flag: `all` when true, a problem when false. */
  defaultAll: boolean
  /** A progress row is keyed by customer and space, so a space alone cannot name one. */
  spaceNeedsCustomer: boolean
}

/** The one scope the flags name, or why they do not name exactly one. */
export function scopeOf(
  flags: ScopeFlags,
  rules: ScopeRules
): { scope: Scope } | { problem: string } {
  if (flags.space !== undefined && !flags.space)
    return { problem: '--space needs a space DID' }
  if (flags.customer !== undefined && !flags.customer)
    return { problem: '--customer needs a customer DID' }
  if (flags.instance !== undefined && !flags.instance)
    return { problem: '--instance needs an instance name' }
  if (rules.spaceNeedsCustomer && flags.space && !flags.customer)
    return {
      problem:
        '--space requires --customer: a space’s progress is keyed by its customer',
    }
  const named = [
    flags.space ? '--space' : flags.customer ? '--customer' : undefined,
    flags.instance ? '--instance' : undefined,
    flags.all ? '--all' : undefined,
  ].filter((flag): flag is string => flag !== undefined)
  if (named.length > 1)
    return { problem: `choose one scope: ${named.join(' and ')} conflict` }
  if (flags.space)
    return {
      scope: { kind: 'space', space: flags.space, customer: flags.customer },
    }
  if (flags.customer)
    return { scope: { kind: 'customer', customer: flags.customer } }
  if (flags.instance)
    return { scope: { kind: 'instance', instanceId: flags.instance } }
  if (flags.all || rules.defaultAll) return { scope: { kind: 'all' } }
  return {
    problem: `choose a scope: --customer${rules.spaceNeedsCustomer ? ' (with --space)' : ', --space'}, --instance or --all`,
  }
}

export function describeScope(scope: Scope): string {
  switch (scope.kind) {
    case 'all':
      return 'all customers'
    case 'instance':
      return `instance ${scope.instanceId} (the customers setup-distribution assigned to it)`
    case 'customer':
      return `customer ${scope.customer}`
    case 'space':
      return scope.customer
        ? `space ${scope.space} of customer ${scope.customer}`
        : `space ${scope.space}`
  }
}

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

/** The rows of migration-progress, migration-customers and migration-failures a scope covers. */
export interface ScopeRows {
  progress(): AsyncIterable<SpaceProgress[]>
  customers(): AsyncIterable<CustomerProgress[]>
  failures(): AsyncIterable<FailureRow[]>
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
        failures: () => tables.scanFailures(),
      }
    case 'instance': {
      const names = () => instanceCustomers(customers, scope.instanceId)
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
        scope.customer ?? (await tables.consumer.customerOfSpace(scope.space))
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

async function* failureRows(
  pages: AsyncIterable<FailureRow[]>
): AsyncGenerator<FailureRow[]> {
  for await (const page of pages)
    yield page.map(({ space, root, customer, reason }) => ({
      space,
      root,
      customer,
      reason,
    }))
}
