import type { AdminTables } from './admin-tables.js'
import type { Scope } from './scope.js'
import { customersOfScope } from './scope-rows.js'

/** What a scope holds, and how that was found. */
export interface ScopeSize {
  customers?: number
  spaces: number
  uploads: number
  basis: 'counted' | 'planned'
}

export type SizeTables = Pick<
  AdminTables,
  'upload' | 'consumer' | 'migrationCustomers' | 'migrationSpaces'
>

/**
 * A customer's spaces, a page at a time, leaving out its own migration space (which holds the
 * indexes, not legacy uploads).
 */
export async function* customerSpaces(
  tables: Pick<SizeTables, 'consumer' | 'migrationSpaces'>,
  customer: string
): AsyncGenerator<string[]> {
  const own = (await tables.migrationSpaces.get(customer))?.migrationSpace
  for await (const page of tables.consumer.spacesOfCustomer(customer))
    yield page.filter((space) => space !== own)
}

/** The spaces of a scope in table order, a page at a time. */
export async function* spacesOfScope(
  tables: SizeTables,
  scope: Scope
): AsyncGenerator<string[]> {
  if (scope.kind === 'space') {
    yield [scope.space]
    return
  }
  if (scope.kind === 'customer') {
    yield* customerSpaces(tables, scope.customer)
    return
  }
  for await (const page of customersOfScope(tables.migrationCustomers, scope))
    for (const customer of page) yield* customerSpaces(tables, customer)
}

/**
 * Uploads in a scope: counted in the upload table for a space or a customer (one COUNT query per
 * space, leaving out the customer's own migration space as the migration does), as
 * setup-distribution planned them (migration-customers totalSpaces and totalUploads) for many
 * customers, which would take a count of the whole upload table otherwise.
 */
export async function sizeOfScope(
  tables: SizeTables,
  scope: Scope
): Promise<ScopeSize> {
  if (scope.kind === 'space')
    return {
      spaces: 1,
      uploads: await tables.upload.count(scope.space),
      basis: 'counted',
    }
  if (scope.kind === 'customer') {
    let spaces = 0
    let uploads = 0
    for await (const page of customerSpaces(tables, scope.customer))
      for (const space of page) {
        spaces++
        uploads += await tables.upload.count(space)
      }
    return { customers: 1, spaces, uploads, basis: 'counted' }
  }
  const size: ScopeSize = {
    customers: 0,
    spaces: 0,
    uploads: 0,
    basis: 'planned',
  }
  const add = (row: { totalSpaces: number; totalUploads: number }) => {
    size.spaces += row.totalSpaces
    size.uploads += row.totalUploads
  }
  if (scope.kind === 'all') {
    for await (const page of tables.migrationCustomers.scanAll())
      for (const row of page) {
        size.customers = (size.customers ?? 0) + 1
        add(row)
      }
    return size
  }
  // A named customer counts whether or not it has a row yet: the migration runs it either way.
  for await (const page of customersOfScope(tables.migrationCustomers, scope)) {
    size.customers = (size.customers ?? 0) + page.length
    const rows = await Promise.all(
      page.map((c) => tables.migrationCustomers.get(c))
    )
    for (const row of rows) if (row) add(row)
  }
  return size
}
