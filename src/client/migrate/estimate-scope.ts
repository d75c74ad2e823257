import type { Tables } from '../../services/dynamo/index.js'
import type { MigrationPlan } from './plan.js'

export interface ScopeSize {
  customers?: number
  spaces?: number
  uploads?: number
  /** How the figures were found. */
  basis: string
}

/** What a plan covers, read without writing: counted for a space or customer, planned for an instance. */
export async function sizeOfScope(
  plan: MigrationPlan,
  tables: Pick<Tables, 'upload' | 'consumer' | 'migrationCustomers'>
): Promise<ScopeSize> {
  const { scope } = plan
  if (scope.kind === 'space') {
    if (scope.root) return { spaces: 1, uploads: 1, basis: 'one upload' }
    const uploads = await tables.upload.count(scope.space)
    return { spaces: 1, uploads, basis: 'counted' }
  }
  if (scope.kind === 'customer') {
    let spaces = 0
    let uploads = 0
    for await (const page of tables.consumer.spacesOfCustomer(scope.customer))
      for (const space of page) {
        spaces++
        uploads += await tables.upload.count(space)
      }
    return { customers: 1, spaces, uploads, basis: 'counted' }
  }
  const customers = scope.source.kind === 'list' ? scope.source.customers : []
  let planned = 0
  let spaces = 0
  let uploads = 0
  const add = async (customer: string) => {
    const row = await tables.migrationCustomers.get(customer)
    planned++
    spaces += row?.totalSpaces ?? 0
    uploads += row?.totalUploads ?? 0
  }
  if (scope.source.kind === 'list') for (const c of customers) await add(c)
  else {
    let cursor: string | undefined
    do {
      const page =
        scope.source.kind === 'instance'
          ? await tables.migrationCustomers.instancePage(
              scope.source.instanceId,
              { cursor, limit: 100 }
            )
          : await tables.migrationCustomers.allPage({ cursor, limit: 100 })
      for (const c of page.items) await add(c)
      cursor = page.cursor
    } while (cursor)
  }
  return {
    customers: planned,
    spaces,
    uploads,
    basis: 'as planned by setup-distribution (migration-customers)',
  }
}
