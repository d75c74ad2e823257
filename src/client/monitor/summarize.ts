import type { SpaceProgress } from '../../services/dynamo/migration-progress-table.js'
import {
  addToTally,
  emptyTally,
  type Tally,
  type TalliedRow,
} from '../shared/tally.js'

/** The rows sharing a key (an instance, a worker); the key is '' for rows that have none. */
export interface Group {
  key: string
  tally: Tally
}

export interface Summary {
  total: Tally
  /** Ordered by key, numbers in numeric order, rows without a key last; empty without `groupOf`. */
  groups: Group[]
}

/**
 * Adds up pages of progress rows as they arrive, keeping only counters: the table has hundreds of
 * thousands of rows and a scan must never hold them all.
 */
export async function summarize<R extends TalliedRow>(
  pages: AsyncIterable<readonly R[]>,
  groupOf?: (row: R) => string | undefined
): Promise<Summary> {
  const total = emptyTally()
  const groups = new Map<string, Tally>()
  for await (const page of pages) {
    for (const row of page) {
      addToTally(total, row)
      if (!groupOf) continue
      const key = groupOf(row) ?? ''
      groups.set(key, addToTally(groups.get(key) ?? emptyTally(), row))
    }
  }
  return { total, groups: sortGroups(groups) }
}

/** Groups progress rows by the instance that processes them. */
export const byInstance = (row: SpaceProgress): string | undefined =>
  row.instanceId

/** Groups progress rows by the worker that processes them. */
export const byWorker = (row: SpaceProgress): string | undefined => row.workerId

const collator = new Intl.Collator('en-US', { numeric: true })

/** Keys in numeric order, the empty key (rows that have none) last. */
export const byKey = (a: string, b: string): number =>
  a === '' || b === ''
    ? Number(a === '') - Number(b === '')
    : collator.compare(a, b)

function sortGroups(groups: Map<string, Tally>): Group[] {
  return [...groups]
    .map(([key, tally]) => ({ key, tally }))
    .sort((a, b) => byKey(a.key, b.key))
}
