import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { TableNames } from '../../config/types.js'
import { useConsumerTable } from './consumer-table.js'
import { useDelegationTable } from './delegation-table.js'
import { useMigrationCustomersTable } from './migration-customers-table.js'
import { useMigrationFailuresTable } from './migration-failures-table.js'
import { useMigrationProgressTable } from './migration-progress-table.js'
import { useMigrationSpacesTable } from './migration-spaces-table.js'
import { useAllocationTable, useStoreTable } from './shard-size-tables.js'
import { useSubscriptionTable } from './subscription-table.js'
import { useUploadTable } from './upload-table.js'

export { createDynamoClient } from './client.js'
export { createTables } from './create-tables.js'
export { TABLES } from './tables.js'

/** Every table the tool uses, over one shared client. */
export function useTables(client: DynamoDBDocumentClient, names: TableNames) {
  return {
    upload: useUploadTable(client, names.upload),
    allocation: useAllocationTable(client, names.allocation),
    store: useStoreTable(client, names.store),
    consumer: useConsumerTable(client, names.consumer),
    subscription: useSubscriptionTable(client, names.subscription),
    delegation: useDelegationTable(client, names.delegation),
    migrationSpaces: useMigrationSpacesTable(client, names.migrationSpaces),
    migrationProgress: useMigrationProgressTable(
      client,
      names.migrationProgress
    ),
    migrationCustomers: useMigrationCustomersTable(
      client,
      names.migrationCustomers
    ),
    migrationFailures: useMigrationFailuresTable(
      client,
      names.migrationFailures
    ),
  }
}

export type Tables = ReturnType<typeof useTables>
