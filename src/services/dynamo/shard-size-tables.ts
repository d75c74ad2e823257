import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb'
import { batchGetAll } from './paginate.js'

/**
 * The two places a shard's size is recorded: the allocation table (blob protocol, keyed by the
 * base58btc multihash) and the store table (store protocol, keyed by the CAR CID string).
 */
export function useShardSizeTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  sortKey: 'multihash' | 'link'
) {
  return {
    async getSize(space: string, key: string): Promise<number | undefined> {
      const out = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { space, [sortKey]: key },
          ProjectionExpression: 'size',
        })
      )
      const size = out.Item?.size
      return typeof size === 'number' ? size : undefined
    },

    /** Many shards of one space in one call (100 keys per request), by key. */
    async getSizes(
      space: string,
      keys: readonly string[]
    ): Promise<Map<string, number>> {
      const unique = [...new Set(keys)]
      const items = await batchGetAll(
        client,
        tableName,
        unique.map((key) => ({ space, [sortKey]: key })),
        // `size` is a reserved word in DynamoDB expressions.
        { projection: '#s, #k', names: { '#s': 'size', '#k': sortKey } }
      )
      const sizes = new Map<string, number>()
      for (const item of items)
        if (typeof item.size === 'number')
          sizes.set(String(item[sortKey]), item.size)
      return sizes
    },

    async put(
      space: string,
      key: string,
      size: number,
      insertedAt = new Date().toISOString()
    ): Promise<void> {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { space, [sortKey]: key, size, insertedAt },
        })
      )
    },
  }
}

export type ShardSizeTable = ReturnType<typeof useShardSizeTable>

export const useAllocationTable = (
  client: DynamoDBDocumentClient,
  tableName: string
) => useShardSizeTable(client, tableName, 'multihash')

export const useStoreTable = (
  client: DynamoDBDocumentClient,
  tableName: string
) => useShardSizeTable(client, tableName, 'link')
