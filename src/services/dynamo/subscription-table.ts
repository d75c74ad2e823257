import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { putIfAbsent, stamped } from './conditional-put.js'

export interface SubscriptionRecord {
  subscription: string
  provider: string
  customer: string
  insertedAt?: string
}

export function useSubscriptionTable(
  client: DynamoDBDocumentClient,
  tableName: string
) {
  return {
    /** Returns false when the subscription already exists (it is then left unchanged). */
    putIfAbsent(record: SubscriptionRecord): Promise<boolean> {
      return putIfAbsent(client, tableName, stamped(record), 'subscription')
    },
  }
}

export type SubscriptionTable = ReturnType<typeof useSubscriptionTable>
