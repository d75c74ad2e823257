import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb'
import { optionalString } from './attributes.js'
import { countQuery, queryPage } from './paginate.js'

/** A legacy upload row: the content root and the CAR shards it was stored in. */
export interface UploadRecord {
  space: string
  root: string
  /** CAR CIDs; may be empty in old rows (the index then names the shards). */
  shards: string[]
  insertedAt?: string
  updatedAt?: string
}

/** A page of uploads of one space; `cursor` is the last root, to pass back for the next page. */
export interface UploadPage {
  uploads: UploadRecord[]
  cursor?: string
}

export function useUploadTable(
  client: DynamoDBDocumentClient,
  tableName: string
) {
  return {
    async listPage(
      space: string,
      { cursor, limit = 100 }: { cursor?: string; limit?: number } = {}
    ): Promise<UploadPage> {
      const page = await queryPage(client, {
        TableName: tableName,
        KeyConditionExpression: '#space = :space',
        ExpressionAttributeNames: { '#space': 'space' },
        ExpressionAttributeValues: { ':space': space },
        ExclusiveStartKey: cursor ? { space, root: cursor } : undefined,
        Limit: limit,
      })
      return {
        uploads: page.items.map(toUpload),
        cursor: page.cursor ? String(page.cursor.root) : undefined,
      }
    },

    async get(space: string, root: string): Promise<UploadRecord | undefined> {
      const out = await client.send(
        new GetCommand({ TableName: tableName, Key: { space, root } })
      )
      return out.Item ? toUpload(out.Item) : undefined
    },

    count(space: string): Promise<number> {
      return countQuery(client, {
        TableName: tableName,
        KeyConditionExpression: '#space = :space',
        ExpressionAttributeNames: { '#space': 'space' },
        ExpressionAttributeValues: { ':space': space },
      })
    },

    /**
     * One page of a count of the space's uploads (DynamoDB stops a query at 1 MB read), for a
     * caller that keeps the cursor (a heartbeating activity, so a long count resumes).
     */
    async countPage(
      space: string,
      cursor: string | undefined
    ): Promise<{ count: number; cursor?: string }> {
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: '#space = :space',
          ExpressionAttributeNames: { '#space': 'space' },
          ExpressionAttributeValues: { ':space': space },
          ExclusiveStartKey: cursor ? { space, root: cursor } : undefined,
          Select: 'COUNT',
        })
      )
      const next = out.LastEvaluatedKey?.root
      return {
        count: out.Count ?? 0,
        ...(next === undefined ? {} : { cursor: String(next) }),
      }
    },

    async put(upload: UploadRecord): Promise<void> {
      await client.send(
        new PutCommand({ TableName: tableName, Item: toItem(upload) })
      )
    },
  }
}

export type UploadTable = ReturnType<typeof useUploadTable>

/** DynamoDB has no empty string sets: an upload without shards has no `shards` attribute. */
export function toItem(upload: UploadRecord): Record<string, unknown> {
  const { shards, ...rest } = upload
  return shards.length > 0 ? { ...rest, shards: new Set(shards) } : rest
}

function toUpload(item: Record<string, unknown>): UploadRecord {
  const shards = item.shards
  return {
    space: String(item.space),
    root: String(item.root),
    shards:
      shards instanceof Set
        ? [...shards].map(String).sort()
        : Array.isArray(shards)
          ? shards.map(String)
          : [],
    insertedAt: optionalString(item.insertedAt),
    updatedAt: optionalString(item.updatedAt),
  }
}
