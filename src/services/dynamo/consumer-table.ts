import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { optionalString } from './attributes.js'
import { putIfAbsent, stamped } from './conditional-put.js'
import {
  batchGetAll,
  type CursorPage,
  queryCursorPage,
  queryPage,
  queryPages,
  scanPages,
} from './paginate.js'

/** A space provisioned to a customer through a provider (w3infra's consumer row). */
export interface ConsumerRecord {
  subscription: string
  provider: string
  /** The space DID. */
  consumer: string
  customer: string
  insertedAt?: string
}

export function useConsumerTable(
  client: DynamoDBDocumentClient,
  tableName: string
) {
  return {
    /** The spaces of a customer, a page at a time (GSI `customer`). */
    async *spacesOfCustomer(customer: string): AsyncGenerator<string[]> {
      for await (const items of queryPages(client, {
        TableName: tableName,
        IndexName: 'customer',
        KeyConditionExpression: 'customer = :customer',
        ExpressionAttributeValues: { ':customer': customer },
        ProjectionExpression: 'consumer',
      })) {
        yield items.map((item) => String(item.consumer))
      }
    },

    /**
     * One page of a customer's consumer rows with their keys (GSI `customer` projects consumer,
     * provider and subscription), so that a caller can tell a space listed twice apart.
     */
    async rowsOfCustomerPage(
      customer: string,
      { cursor, limit }: { cursor?: string; limit: number }
    ): Promise<CursorPage<ConsumerKey>> {
      const page = await queryCursorPage(
        client,
        {
          TableName: tableName,
          IndexName: 'customer',
          KeyConditionExpression: 'customer = :customer',
          ExpressionAttributeValues: { ':customer': customer },
          ProjectionExpression: 'consumer, provider, subscription',
          Limit: limit,
        },
        cursor
      )
      return {
        items: page.items.map((item) => ({
          consumer: String(item.consumer),
          customer,
          provider: String(item.provider),
          subscription: String(item.subscription),
        })),
        cursor: page.cursor,
      }
    },

    /**
     * The row a space is migrated under when the table lists it more than once (under the legacy
     * and the new provider, or provisioned to two customers): see `owningRow`. The GSI does not
     * project `insertedAt`, so a space with several rows reads them from the table.
     */
    async ownerOf(space: string): Promise<ConsumerKey | undefined> {
      const keys: ConsumerKey[] = []
      for await (const items of queryPages(client, {
        TableName: tableName,
        IndexName: 'consumerV2',
        KeyConditionExpression: 'consumer = :space',
        ExpressionAttributeValues: { ':space': space },
        ProjectionExpression: 'consumer, provider, subscription, customer',
      }))
        keys.push(...items.map(toKey))
      if (keys.length <= 1) return keys[0]
      const rows = await batchGetAll(
        client,
        tableName,
        keys.map(({ subscription, provider }) => ({ subscription, provider })),
        {
          projection: 'consumer, provider, subscription, customer, insertedAt',
        }
      )
      return owningRow(
        rows.map((item) => ({
          ...toKey(item),
          insertedAt: optionalString(item.insertedAt),
        }))
      )
    },

    /** The customer a space is provisioned to (GSI `consumerV2`), if any. */
    async customerOfSpace(space: string): Promise<string | undefined> {
      const page = await queryPage(client, {
        TableName: tableName,
        IndexName: 'consumerV2',
        KeyConditionExpression: 'consumer = :space',
        ExpressionAttributeValues: { ':space': space },
        Limit: 1,
      })
      const customer = page.items[0]?.customer
      return typeof customer === 'string' ? customer : undefined
    },

    /** One segment of a parallel scan of (space, customer) pairs. */
    async *scanSegment(
      segment: number,
      totalSegments: number,
      pageSize = 1000
    ) {
      for await (const items of scanPages(client, {
        TableName: tableName,
        ProjectionExpression: 'consumer, customer',
        Segment: segment,
        TotalSegments: totalSegments,
        Limit: pageSize,
      })) {
        yield items.map((item) => ({
          space: String(item.consumer),
          customer: String(item.customer),
        }))
      }
    },

    /** Provisions a space; an existing row for the same subscription and provider is kept. */
    async putIfAbsent(record: ConsumerRecord): Promise<boolean> {
      return putIfAbsent(client, tableName, stamped(record), 'subscription')
    },
  }
}

export type ConsumerTable = ReturnType<typeof useConsumerTable>

/** What identifies one consumer row: the space, whose it is, and the row's key. */
export type ConsumerKey = Pick<
  ConsumerRecord,
  'consumer' | 'customer' | 'provider' | 'subscription'
>

/**
 * A space's owner among its rows: the customer who provisioned it first (earliest `insertedAt`;
 * a row without one counts as last), then by customer, provider and subscription, so that every
 * reader picks the same row.
 */
export function owningRow(
  rows: readonly (ConsumerKey & { insertedAt?: string })[]
): ConsumerKey | undefined {
  const order = (row: ConsumerKey & { insertedAt?: string }) => [
    row.insertedAt ?? '\uffff',
    row.customer,
    row.provider,
    row.subscription,
  ]
  const first = [...rows].sort((a, b) => {
    const [x, y] = [order(a), order(b)]
    const at = x.findIndex((value, i) => value !== y[i])
    return at < 0 ? 0 : x[at]! < y[at]! ? -1 : 1
  })[0]
  return first && toKey(first)
}

/** Whether two rows are the same row of the table. */
export const sameRow = (a: ConsumerKey, b: ConsumerKey) =>
  a.subscription === b.subscription && a.provider === b.provider

const toKey = (item: Record<string, unknown>): ConsumerKey => ({
  consumer: String(item.consumer),
  customer: String(item.customer),
  provider: String(item.provider),
  subscription: String(item.subscription),
})
