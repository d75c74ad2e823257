import { noPlannedWork, type Plan } from '../shared/plan.js'
import { emptyTally } from '../shared/tally.js'
import { byKey, type Group } from './summarize.js'
import type { InstanceGroup } from './views.js'

/**
 * Every instance that is planned or has progress rows, in numeric order, rows of no instance
 * last; each with its plan, its rows' tally and its failed uploads.
 */
export function instanceGroups(
  plan: Plan,
  progress: readonly Group[],
  failedByInstance: ReadonlyMap<string, number>
): InstanceGroup[] {
  const tallies = new Map(progress.map((g) => [g.key, g.tally]))
  const keys = [...new Set([...plan.byInstance.keys(), ...tallies.keys()])]
  keys.sort(byKey)
  return keys.map((key) => ({
    key,
    tally: tallies.get(key) ?? emptyTally(),
    planned: plan.byInstance.get(key) ?? noPlannedWork(),
    failedUploads: failedByInstance.get(key) ?? 0,
  }))
}
