import type { CustomerProgress } from '../../services/dynamo/migration-customers-table.js'
import type { PlannedWork } from './state.js'

export interface Plan {
  total: PlannedWork
  /** By instance ('' for customers with none). */
  byInstance: Map<string, PlannedWork>
}

const nothing = (): PlannedWork => ({ customers: 0, spaces: 0, uploads: 0 })

function add(work: PlannedWork, row: PlanRow): PlannedWork {
  work.customers++
  work.spaces += row.totalSpaces
  work.uploads += row.totalUploads
  return work
}

type PlanRow = Pick<
  CustomerProgress,
  'instanceId' | 'totalSpaces' | 'totalUploads'
>

/**
 * What setup-distribution planned, from its migration-customers rows, added up page by page:
 * one counter per instance, never the rows.
 */
export async function readPlan(
  pages: AsyncIterable<readonly PlanRow[]>
): Promise<Plan> {
  const plan: Plan = { total: nothing(), byInstance: new Map() }
  for await (const page of pages)
    for (const row of page) {
      add(plan.total, row)
      const key = row.instanceId ?? ''
      plan.byInstance.set(key, add(plan.byInstance.get(key) ?? nothing(), row))
    }
  return plan
}
