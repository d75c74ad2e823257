import type { Scope } from '../shared/scope.js'
import {
  type ScopeSize,
  sizeOfScope,
  type SizeTables,
} from '../shared/scope-size.js'
import type { MigrationPlan, MigrationScope } from './plan.js'

/** What a plan covers, read without writing; one upload is known without a read. */
export async function sizeOfPlan(
  plan: MigrationPlan,
  tables: SizeTables
): Promise<ScopeSize | 'one upload'> {
  if (plan.scope.kind === 'space' && plan.scope.root) return 'one upload'
  return sizeOfScope(tables, scopeOfPlan(plan.scope))
}

/** The plan's scope as the admin tables read it: an instance's source names its customers. */
export function scopeOfPlan(scope: MigrationScope): Scope {
  if (scope.kind === 'space')
    return { kind: 'space', space: scope.space, customer: scope.customer }
  if (scope.kind === 'customer') return scope
  const { source } = scope
  switch (source.kind) {
    case 'all':
      return { kind: 'all' }
    case 'instance':
      return { kind: 'instance', instanceId: source.instanceId }
    case 'list':
      return { kind: 'customers', customers: source.customers }
  }
}
