import type { SpaceProgress } from '../../services/dynamo/migration-progress-table.js'

/** Spaces by status. */
export interface SpaceCounts {
  total: number
  completed: number
  inProgress: number
  pending: number
  failed: number
}

/** Uploads across spaces: those listed, and those processed so far. */
export interface UploadCounts {
  total: number
  completed: number
}

/** What a set of progress rows adds up to. */
export interface Tally {
  spaces: SpaceCounts
  uploads: UploadCounts
}

export type TalliedRow = Pick<
  SpaceProgress,
  'status' | 'totalUploads' | 'completedUploads'
>

const STATUS_COUNT = {
  completed: 'completed',
  'in-progress': 'inProgress',
  pending: 'pending',
  failed: 'failed',
} as const satisfies Record<SpaceProgress['status'], keyof SpaceCounts>

export const emptyTally = (): Tally => ({
  spaces: { total: 0, completed: 0, inProgress: 0, pending: 0, failed: 0 },
  uploads: { total: 0, completed: 0 },
})

/** Adds a row into the accumulator and returns it; a row of unknown status counts as pending. */
export function addToTally(tally: Tally, row: TalliedRow): Tally {
  tally.spaces.total++
  tally.spaces[STATUS_COUNT[row.status] ?? 'pending']++
  tally.uploads.total += row.totalUploads
  tally.uploads.completed += row.completedUploads
  return tally
}

export const tallyOf = (rows: Iterable<TalliedRow>): Tally => {
  const tally = emptyTally()
  for (const row of rows) addToTally(tally, row)
  return tally
}
