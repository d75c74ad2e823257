import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { TableNames } from '../../config/types.js'
import { createTableInput, TABLES } from './tables.js'

/**
 * Creates every table for a local stack or a test, and waits until each is active. Tables that
 * already exist are left as they are, so it is safe to run again. Production tables are made by
 * their owners, never by this tool.
 */
export async function createTables(
  docClient: DynamoDBDocumentClient,
  names: TableNames
): Promise<void> {
  // The document client forwards plain commands to the client it wraps; only its types are narrower.
  const client = docClient as unknown as DynamoDBClient
  for (const [table, schema] of Object.entries(TABLES)) {
    const tableName = names[table as keyof TableNames]
    try {
      await client.send(
        new CreateTableCommand(createTableInput(tableName, schema))
      )
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err
    }
    await waitUntilTableExists(
      { client, maxWaitTime: 60 },
      { TableName: tableName }
    )
  }
}
