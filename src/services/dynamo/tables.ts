import type {
  CreateTableCommandInput,
  KeySchemaElement,
} from '@aws-sdk/client-dynamodb'
import type { TableNames } from '../../config/types.js'

/** Key and index layout of one table, shared by `createTables` and the typed access helpers. */
export interface TableSchema {
  partitionKey: string
  sortKey?: string
  indexes?: Readonly<Record<string, IndexSchema>>
}

export interface IndexSchema {
  partitionKey: string
  sortKey?: string
  /** Only the keys, for an index that finds items rather than reads them. */
  keysOnly?: boolean
}

/**
 * Every table the tool reads or writes. The legacy tables mirror w3infra's production layout
 * (reference study §3.1); the migration tables are this tool's own.
 */
export const TABLES: Readonly<Record<keyof TableNames, TableSchema>> = {
  /** Legacy uploads: `shards` is a string set of CAR CIDs. */
  upload: {
    partitionKey: 'space',
    sortKey: 'root',
    indexes: { cid: { partitionKey: 'root' } },
  },
  /** Blob-protocol shards: `multihash` is the base58btc multihash, `size` in bytes. */
  allocation: { partitionKey: 'space', sortKey: 'multihash' },
  /** Store-protocol shards: `link` is the CAR CID, `size` in bytes. */
  store: { partitionKey: 'space', sortKey: 'link' },
  consumer: {
    partitionKey: 'subscription',
    sortKey: 'provider',
    indexes: {
      consumerV2: { partitionKey: 'consumer' },
      customer: { partitionKey: 'customer' },
    },
  },
  subscription: { partitionKey: 'subscription', sortKey: 'provider' },
  delegation: {
    partitionKey: 'link',
    indexes: { issuer: { partitionKey: 'issuer' } },
  },
  /** One migration space per customer; `privateKey` is AES-256-GCM encrypted. */
  migrationSpaces: { partitionKey: 'customer' },
  migrationProgress: {
    partitionKey: 'customer',
    sortKey: 'space',
    indexes: {
      'status-index': { partitionKey: 'status', sortKey: 'updatedAt' },
    },
  },
  migrationCustomers: {
    partitionKey: 'customer',
    indexes: {
      'status-index': { partitionKey: 'status', sortKey: 'updatedAt' },
      'instance-index': { partitionKey: 'instanceId', sortKey: 'customer' },
    },
  },
  /** One row per failed upload, so that failures can be listed and re-driven by customer. */
  migrationFailures: {
    partitionKey: 'space',
    sortKey: 'root',
    indexes: {
      'customer-index': { partitionKey: 'customer', sortKey: 'failedAt' },
      /** A customer's failed spaces in space order, each space's rows together (`--retry-failed`). */
      'customer-space-index': {
        partitionKey: 'customer',
        sortKey: 'space',
        keysOnly: true,
      },
    },
  },
}

export function createTableInput(
  tableName: string,
  schema: TableSchema
): CreateTableCommandInput {
  const attributes = new Set([schema.partitionKey, schema.sortKey])
  for (const index of Object.values(schema.indexes ?? {})) {
    attributes.add(index.partitionKey)
    attributes.add(index.sortKey)
  }
  const indexes = Object.entries(schema.indexes ?? {})
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: keySchema(schema.partitionKey, schema.sortKey),
    AttributeDefinitions: [...attributes]
      .filter((name): name is string => name !== undefined)
      .map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    GlobalSecondaryIndexes:
      indexes.length === 0
        ? undefined
        : indexes.map(([IndexName, index]) => ({
            IndexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: {
              ProjectionType: index.keysOnly ? 'KEYS_ONLY' : 'ALL',
            },
          })),
  }
}

function keySchema(partitionKey: string, sortKey?: string): KeySchemaElement[] {
  return [
    { AttributeName: partitionKey, KeyType: 'HASH' },
    ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
  ]
}
