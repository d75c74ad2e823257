import type { AdminTables } from '../stats/admin-tables.js'
import {
  instanceCustomers,
  plannedCustomers,
  type Scope,
} from '../stats/scope.js'
import { addToSample, emptySample, type ShardSample } from './figures.js'

/** Upload rows read per request when sampling: the migration's default page size. */
export const SAMPLE_PAGE = 100

/** What a scope holds, and how that was found. */
export interface ScopeSize {
  customers?: number
  spaces: number
  uploads: number
  basis: 'counted' | 'planned'
}

type SizeTables = Pick<
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
  const customers =
    scope.kind === 'instance'
      ? instanceCustomers(tables.migrationCustomers, scope.instanceId)
      : plannedCustomers(tables.migrationCustomers)
  for await (const page of customers)
    for (const customer of page) yield* customerSpaces(tables, customer)
}

/**
 * Uploads in a scope: counted in the upload table for a space or a customer (one COUNT query per
 * space), as setup-distribution planned them (migration-customers totalUploads) for an instance
 * or everything, which would take a count of the whole upload table otherwise.
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
    size.customers = (size.customers ?? 0) + 1
    size.spaces += row.totalSpaces
    size.uploads += row.totalUploads
  }
  if (scope.kind === 'all') {
    for await (const page of tables.migrationCustomers.scanAll())
      for (const row of page) add(row)
    return size
  }
  for await (const page of instanceCustomers(
    tables.migrationCustomers,
    scope.instanceId
  )) {
    const rows = await Promise.all(
      page.map((c) => tables.migrationCustomers.get(c))
    )
    for (const row of rows) if (row) add(row)
  }
  return size
}

/**
 * Shards per upload from the first `limit` upload rows of the scope, in table order (spaces in
 * consumer order, uploads by root): reads `listPage` pages and stops as soon as it has enough.
 */
export async function sampleShards(
  tables: SizeTables,
  scope: Scope,
  limit: number
): Promise<ShardSample> {
  const sample = emptySample()
  for await (const page of spacesOfScope(tables, scope))
    for (const space of page) {
      let cursor: string | undefined
      do {
        const left = limit - sample.rows
        if (left <= 0) return sample
        const rows = await tables.upload.listPage(space, {
          cursor,
          limit: Math.min(SAMPLE_PAGE, left),
        })
        for (const upload of rows.uploads)
          addToSample(sample, upload.shards.length)
        cursor = rows.cursor
      } while (cursor)
      if (sample.rows >= limit) return sample
    }
  return sample
}
