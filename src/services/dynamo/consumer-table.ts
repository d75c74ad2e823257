import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { putIfAbsent, stamped } from './conditional-put.js'
import {
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

    /** One page of a customer's spaces, for a caller that keeps the cursor (a workflow). */
    async spacesOfCustomerPage(
      customer: string,
      { cursor, limit }: { cursor?: string; limit: number }
    ): Promise<CursorPage<string>> {
      const page = await queryCursorPage(
        client,
        {
          TableName: tableName,
          IndexName: 'customer',
          KeyConditionExpression: 'customer = :customer',
          ExpressionAttributeValues: { ':customer': customer },
          ProjectionExpression: 'consumer',
          Limit: limit,
        },
        cursor
      )
      return {
        items: page.items.map((item) => String(item.consumer)),
        cursor: page.cursor,
      }
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
