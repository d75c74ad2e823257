import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { batchPutAll, queryPages } from './paginate.js'
import { optionalString } from './attributes.js'

/** The index row of a stored delegation; the delegation CAR itself lives in the delegation bucket. */
export interface DelegationRecord {
  /** CID of the delegation. */
  link: string
  issuer: string
  audience: string
  /** Seconds since the epoch; undefined for a delegation that never expires. */
  expiration?: number
  /** CID of the invocation that stored it. */
  cause?: string
}

/** `pageSize` bounds the rows read per request, and so held in memory per page. */
export function useDelegationTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  { pageSize = 100 }: { pageSize?: number } = {}
) {
  return {
    /** Delegations issued by a DID, a page at a time (GSI `issuer`). */
    async *byIssuer(issuer: string): AsyncGenerator<DelegationRecord[]> {
      for await (const items of queryPages(client, {
        TableName: tableName,
        IndexName: 'issuer',
        KeyConditionExpression: 'issuer = :issuer',
        ExpressionAttributeValues: { ':issuer': issuer },
        Limit: pageSize,
      })) {
        yield items.map((item) => ({
          link: String(item.link),
          issuer: String(item.issuer),
          audience: String(item.audience),
          expiration:
            typeof item.expiration === 'number' ? item.expiration : undefined,
          cause: optionalString(item.cause),
        }))
      }
    },

    putAll(records: readonly DelegationRecord[]): Promise<void> {
      return batchPutAll(
        client,
        tableName,
        records.map((r) => ({ ...r, expiration: r.expiration ?? null }))
      )
    },
  }
}

export type DelegationTable = ReturnType<typeof useDelegationTable>
