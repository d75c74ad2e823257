import type { CustomerProgress } from '../../services/dynamo/migration-customers-table.js'
import type { Tally } from './tally.js'

/** What setup-distribution planned for a scope (migration-customers totalSpaces, totalUploads). */
export interface PlannedWork {
  customers: number
  spaces: number
  uploads: number
}

export interface Plan {
  total: PlannedWork
  /** By instance ('' for customers with none). */
  byInstance: Map<string, PlannedWork>
}

export const noPlannedWork = (): PlannedWork => ({
  customers: 0,
  spaces: 0,
  uploads: 0,
})

export type PlanRow = Pick<
  CustomerProgress,
  'instanceId' | 'totalSpaces' | 'totalUploads'
>

/** Adds one customer's plan into `work` and returns it. */
export function addPlanned(work: PlannedWork, row: PlanRow): PlannedWork {
  work.customers++
  work.spaces += row.totalSpaces
  work.uploads += row.totalUploads
  return work
}

/**
 * What setup-distribution planned, from its migration-customers rows, added up page by page:
 * one counter per instance, never the rows. The monitor's overview, the dashboard and
 * `migrate --follow` all read the plan through this.
 */
export async function readPlan(
  pages: AsyncIterable<readonly PlanRow[]>
): Promise<Plan> {
  const plan: Plan = { total: noPlannedWork(), byInstance: new Map() }
  for await (const page of pages)
    for (const row of page) {
      addPlanned(plan.total, row)
      const key = row.instanceId ?? ''
      plan.byInstance.set(
        key,
        addPlanned(plan.byInstance.get(key) ?? noPlannedWork(), row)
      )
    }
  return plan
}

/** A scope's work as a view counts it: the plan, or what its progress rows list beyond it. */
export interface PlanBase {
  spaces: number
  uploads: number
  /** Planned spaces that have no progress row yet. */
  notStarted: number
  /** Whether `spaces` and `uploads` are the plan's (else the rows list more, or nothing was planned). */
  spacesPlanned: boolean
  uploadsPlanned: boolean
}

/**
 * The totals a scope's percentages are of: the planned spaces and uploads, or the listed ones
 * when the rows hold more (a plan made before spaces or uploads were added, or customers run
 * without one), so that a share never passes 100%.
 */
export function planBase(planned: PlannedWork, progress: Tally): PlanBase {
  return {
    spaces: Math.max(planned.spaces, progress.spaces.total),
    uploads: Math.max(planned.uploads, progress.uploads.total),
    notStarted: Math.max(0, planned.spaces - progress.spaces.total),
    spacesPlanned:
      planned.spaces > 0 && planned.spaces >= progress.spaces.total,
    uploadsPlanned:
      planned.uploads > 0 && planned.uploads >= progress.uploads.total,
  }
}
