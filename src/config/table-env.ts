import type { TableNames } from './types.js'

/** The table-name variables of the configuration, for a process (a worker) on these tables. */
export function tableEnv(names: TableNames): Record<string, string> {
  return {
    UPLOAD_TABLE_NAME: names.upload,
    ALLOCATIONS_TABLE_NAME: names.allocation,
    STORE_TABLE_NAME: names.store,
    CONSUMER_TABLE_NAME: names.consumer,
    SUBSCRIPTION_TABLE_NAME: names.subscription,
    DELEGATION_TABLE_NAME: names.delegation,
    MIGRATION_SPACES_TABLE_NAME: names.migrationSpaces,
    MIGRATION_PROGRESS_TABLE_NAME: names.migrationProgress,
    MIGRATION_CUSTOMERS_TABLE_NAME: names.migrationCustomers,
    MIGRATION_FAILURES_TABLE_NAME: names.migrationFailures,
  }
}
