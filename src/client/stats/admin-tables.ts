import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { loadConfigOrExit } from '../../config/load-or-exit.js'
import type { TableNames } from '../../config/types.js'
import { createDynamoClient } from '../../services/dynamo/client.js'
import { type Tables, useTables } from '../../services/dynamo/index.js'
import { optionalString } from '../../services/dynamo/attributes.js'
import type { UploadFailure } from '../../services/dynamo/migration-failures-table.js'
import { scanPages } from '../../services/dynamo/paginate.js'

/** What stats and reset read of a failed upload: its key, customer and reason. */
export type FailureRow = Pick<
  UploadFailure,
  'space' | 'root' | 'customer' | 'reason'
>

/**
 * The tables stats, reset and estimate use, and a projected scan of migration-failures (the
 * helpers have no whole-table read of it, and `--all` needs one). Every read returns pages.
 */
export type AdminTables = Pick<
  Tables,
  | 'migrationProgress'
  | 'migrationCustomers'
  | 'migrationFailures'
  | 'upload'
  | 'consumer'
  | 'migrationSpaces'
> & {
  /** Every failed upload's key and reason, a page at a time. */
  scanFailures(): AsyncIterable<FailureRow[]>
}

export function adminTables(
  client: DynamoDBDocumentClient,
  names: TableNames
): AdminTables {
  return {
    ...useTables(client, names),
    scanFailures: () => scanFailureRows(client, names.migrationFailures),
  }
}

async function* scanFailureRows(
  client: DynamoDBDocumentClient,
  tableName: string
): AsyncGenerator<FailureRow[]> {
  for await (const items of scanPages(client, {
    TableName: tableName,
    ProjectionExpression: '#space, #root, #customer, #reason',
    ExpressionAttributeNames: {
      '#space': 'space',
      '#root': 'root',
      '#customer': 'customer',
      '#reason': 'reason',
    },
  })) {
    yield items.map((item) => ({
      space: String(item.space),
      root: String(item.root),
      customer: optionalString(item.customer) ?? '',
      reason: optionalString(item.reason) ?? 'UNKNOWN_ERROR',
    }))
  }
}

/** Loads the DynamoDB configuration, runs `work` on the tables, and sets the exit status it returns. */
export async function withAdminTables(
  work: (tables: AdminTables) => Promise<number>
): Promise<void> {
  const { dynamo } = loadConfigOrExit(['dynamo'])
  const client = createDynamoClient(dynamo)
  try {
    process.exitCode = await work(adminTables(client, dynamo.tables))
  } finally {
    client.destroy()
  }
}
