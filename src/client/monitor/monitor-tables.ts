import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { TableNames } from '../../config/types.js'
import {
  type MigrationFailuresTable,
  useMigrationFailuresTable,
} from '../../services/dynamo/migration-failures-table.js'
import {
  type MigrationProgressTable,
  useMigrationProgressTable,
} from '../../services/dynamo/migration-progress-table.js'
import { scanPages } from '../../services/dynamo/paginate.js'
import { optionalString } from '../../services/dynamo/attributes.js'

/** What the monitor reads of a failed upload when it counts reasons across the whole table. */
export interface FailureReasonRow {
  reason: string
  customer: string
  instanceId?: string
}

/** The reads the monitor makes; all of them return pages, never whole tables. */
export interface MonitorTables {
  migrationProgress: Pick<
    MigrationProgressTable,
    'get' | 'byCustomer' | 'byStatus' | 'scanAll'
  >
  migrationFailures: Pick<MigrationFailuresTable, 'bySpace' | 'byCustomer'>
  /** Every failed upload's reason, a page at a time. */
  failureReasons(): AsyncIterable<FailureReasonRow[]>
}

export function monitorTables(
  client: DynamoDBDocumentClient,
  names: Pick<TableNames, 'migrationProgress' | 'migrationFailures'>
): MonitorTables {
  return {
    migrationProgress: useMigrationProgressTable(
      client,
      names.migrationProgress
    ),
    migrationFailures: useMigrationFailuresTable(
      client,
      names.migrationFailures
    ),
    failureReasons: () => scanFailureReasons(client, names.migrationFailures),
  }
}

/**
 * A scan of migration-failures projected to the attributes the counts need, so that pages carry
 * reasons rather than error messages (the table has no index that would answer this).
 */
export async function* scanFailureReasons(
  client: DynamoDBDocumentClient,
  tableName: string
): AsyncGenerator<FailureReasonRow[]> {
  for await (const items of scanPages(client, {
    TableName: tableName,
    ProjectionExpression: '#reason, #customer, #instance',
    ExpressionAttributeNames: {
      '#reason': 'reason',
      '#customer': 'customer',
      '#instance': 'instanceId',
    },
  })) {
    yield items.map((item) => ({
      reason: String(item.reason ?? 'UNKNOWN_ERROR'),
      customer: String(item.customer ?? ''),
      instanceId: optionalString(item.instanceId),
    }))
  }
}
