import type { ConsumerTable } from '../../services/dynamo/consumer-table.js'
import type { MigrationCustomersTable } from '../../services/dynamo/migration-customers-table.js'
import type { MigrationSpacesTable } from '../../services/dynamo/migration-spaces-table.js'
import type { UploadTable } from '../../services/dynamo/upload-table.js'

/** One customer's counted workload. */
export interface CustomerCount {
  customer: string
  /** Uploads over all its spaces. */
  uploads: number
  /** Spaces provisioned to it (its own migration space left out). */
  spaces: number
  /** Of those, spaces without any upload. */
  emptySpaces: number
}

/** A counting-checkpoint entry: the count, and how many spaces the scan gave the customer then. */
export interface CheckpointEntry extends CustomerCount {
  scanned: number
}

/** One instance's share of a distribution. */
export interface InstancePlan {
  /** 1-based; its instanceId in files and rows is the string of this number. */
  instance: number
  customers: string[]
  uploads: number
  spaces: number
}

/** The tables setup-distribution reads and writes; `useTables(...)` provides them all. */
export interface DistributionTables {
  consumer: Pick<ConsumerTable, 'scanSegment' | 'ownerOf'>
  upload: Pick<UploadTable, 'count'>
  migrationSpaces: Pick<MigrationSpacesTable, 'get'>
  migrationCustomers: Pick<MigrationCustomersTable, 'assign' | 'scanAll'>
}
