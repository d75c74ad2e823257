import type { Client } from '@temporalio/client'
import type { Tables } from '../../services/dynamo/index.js'
import { tracksProgress } from '../../workflows/modes.js'
import { progressQuery } from '../../workflows/signals.js'
import type { Progress } from '../../workflows/types.js'
import type { AdminTables } from '../shared/admin-tables.js'
import { readPlan } from '../shared/plan.js'
import { scopeRows } from '../shared/scope-rows.js'
import { scopeOfPlan } from './estimate-scope.js'
import type { FollowOptions } from './follow.js'
import type { FollowScope, LiveReads } from './live-progress.js'
import type { MigrationPlan } from './plan.js'

/** What a follow of this plan reads to see into its running children. */
export function liveOf(
  plan: MigrationPlan,
  client: Client,
  tables: Pick<Tables, 'migrationProgress'>
): NonNullable<FollowOptions['live']> {
  const { scope } = plan
  const followed: FollowScope =
    scope.kind === 'instance'
      ? { kind: 'instance' }
      : scope.kind === 'customer'
        ? { kind: 'customer', customer: scope.customer }
        : { kind: 'space' }
  const reads: LiveReads = {
    query: (workflowId) =>
      client.workflow
        .getHandle(workflowId)
        .query(progressQuery)
        .catch((): Progress | undefined => undefined),
    spaceRows: (customer, spaces) =>
      tables.migrationProgress.rowsOf(customer, spaces),
  }
  // A run that writes no progress rows (a test mode, `--retry-failed`) is read by queries.
  const rows = tracksProgress(plan.mode) && !plan.onlyFailed
  return { scope: followed, reads, rows }
}

/**
 * The uploads setup-distribution planned for the followed scope (its migration-customers rows,
 * added up as the dashboard and the monitor's overview add them): read once, when the follow
 * starts. Undefined for a space (its query counts its own) and for a scope with no plan.
 */
export async function plannedUploads(
  plan: MigrationPlan,
  tables: AdminTables
): Promise<number | undefined> {
  const { scope } = plan
  if (scope.kind === 'space') return undefined
  const planned = await readPlan(
    scope.kind === 'instance' && scope.source.kind === 'instance'
      ? tables.migrationCustomers.instancePlan(scope.source.instanceId)
      : scopeRows(tables, scopeOfPlan(scope)).customers()
  )
  return planned.total.uploads > 0 ? planned.total.uploads : undefined
}
