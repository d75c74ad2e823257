import type {
  SpaceProgress,
  SpaceProgressUpdate,
} from '../../src/services/dynamo/migration-progress-table.js'
import type { ProgressPort } from '../contracts/progress-table.js'

const keyOf = (customer: string, space: string) =>
  JSON.stringify([customer, space])

/** The fields that are set, as an update expression sets only those. */
const defined = (fields: SpaceProgressUpdate): SpaceProgressUpdate =>
  Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined)
  )

/** The progress table in memory: one row per customer and space. */
export class MemoryProgressTable implements ProgressPort {
  readonly rows = new Map<string, SpaceProgress>()

  async get(customer: string, space: string) {
    const row = this.rows.get(keyOf(customer, space))
    return row && { ...row }
  }

  /** Writes the given fields; a missing row is created with zero counts. */
  async update(customer: string, space: string, fields: SpaceProgressUpdate) {
    const now = new Date().toISOString()
    const row: SpaceProgress = {
      customer,
      space,
      status: 'pending',
      totalUploads: 0,
      completedUploads: 0,
      error: '',
      createdAt: now,
      ...this.rows.get(keyOf(customer, space)),
      ...defined(fields),
      updatedAt: now,
    }
    this.rows.set(keyOf(customer, space), row)
    return { ...row }
  }

  /** Written only while the space is in progress and only forward, as the table's condition. */
  async advance(
    customer: string,
    space: string,
    fields: SpaceProgressUpdate & { completedUploads: number }
  ) {
    const row = this.rows.get(keyOf(customer, space))
    if (
      row?.status !== 'in-progress' ||
      row.completedUploads >= fields.completedUploads
    )
      return false
    this.rows.set(keyOf(customer, space), {
      ...row,
      ...defined(fields),
      status: 'in-progress',
      updatedAt: new Date().toISOString(),
    })
    return true
  }
}
