import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { TableNames } from '../../config/types.js'
import type { MigrationCustomersTable } from '../../services/dynamo/migration-customers-table.js'
import type { MigrationFailuresTable } from '../../services/dynamo/migration-failures-table.js'
import type { MigrationProgressTable } from '../../services/dynamo/migration-progress-table.js'
import { adminTables } from '../shared/admin-tables.js'

/** The reads the monitor makes of the admin tables; all of them return pages, never whole tables. */
export interface MonitorTables {
  migrationProgress: Pick<
    MigrationProgressTable,
    'get' | 'byCustomer' | 'byStatus' | 'scanAll'
  >
  migrationFailures: Pick<
    MigrationFailuresTable,
    'bySpace' | 'byCustomer' | 'scanSummaries'
  >
  /**
   * For the pauses: a customer's row, and those in progress (a paused customer is); for the
   * overview, setup-distribution's plan.
   */
  migrationCustomers: Pick<
    MigrationCustomersTable,
    'get' | 'byStatus' | 'scanAll'
  >
}

export const monitorTables = (
  client: DynamoDBDocumentClient,
  names: TableNames
): MonitorTables => adminTables(client, names)
