import type {
  MigrationSpaceRecord,
  MigrationSpaceStatus,
} from '../../src/migration/ports.js'
import type { MigrationSpacesPort } from '../contracts/migration-spaces-table.js'

/** The migration-spaces table in memory: one record per customer, written at most once. */
export class MemoryMigrationSpacesTable implements MigrationSpacesPort {
  readonly records = new Map<string, MigrationSpaceRecord>()

  async get(customer: string) {
    const record = this.records.get(customer)
    return record && { ...record }
  }

  async createOrGet(record: MigrationSpaceRecord) {
    const existing = this.records.get(record.customer)
    if (existing) return { record: { ...existing }, created: false }
    this.records.set(record.customer, { ...record })
    return { record, created: true }
  }

  async setStatus(customer: string, status: MigrationSpaceStatus) {
    const record = this.records.get(customer)
    if (!record)
      throw Object.assign(new Error(`no migration space of ${customer}`), {
        name: 'ConditionalCheckFailedException',
      })
    this.records.set(customer, {
      ...record,
      status,
      lastUsed: new Date().toISOString(),
    })
  }
}
