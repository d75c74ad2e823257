import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { TableNames } from '../../config/types.js'
import type { MigrationCustomersTable } from '../../services/dynamo/migration-customers-table.js'
import type { MigrationFailuresTable } from '../../services/dynamo/migration-failures-table.js'
import type { MonitorTables } from '../monitor/monitor-tables.js'
import { adminTables } from '../shared/admin-tables.js'

/** The monitor's reads, plus the plan's rows, a page of customers and a page of a reason's failures. */
export interface DashboardTables extends MonitorTables {
  migrationCustomers: Pick<
    MigrationCustomersTable,
    'get' | 'byStatus' | 'scanAll' | 'instancePage' | 'allPage'
  >
  migrationFailures: MonitorTables['migrationFailures'] &
    Pick<MigrationFailuresTable, 'reasonPage'>
}

export const dashboardTables = (
  client: DynamoDBDocumentClient,
  names: TableNames
): DashboardTables => adminTables(client, names)
