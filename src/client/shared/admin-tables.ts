import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { loadConfigOrExit } from '../../config/load-or-exit.js'
import type { TableNames } from '../../config/types.js'
import { createDynamoClient } from '../../services/dynamo/client.js'
import { type Tables, useTables } from '../../services/dynamo/index.js'

/**
 * The tables the admin commands (stats, reset, estimate, monitor) read, through their adapters:
 * every read returns pages, never a whole table, and runs with the client's timeouts.
 */
export type AdminTables = Pick<
  Tables,
  | 'migrationProgress'
  | 'migrationCustomers'
  | 'migrationFailures'
  | 'upload'
  | 'consumer'
  | 'migrationSpaces'
>

export function adminTables(
  client: DynamoDBDocumentClient,
  names: TableNames
): AdminTables {
  return useTables(client, names)
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
