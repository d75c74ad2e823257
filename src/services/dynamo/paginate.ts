import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb'
import { setTimeout as sleep } from 'node:timers/promises'

export type Item = Record<string, unknown>
export type Key = Record<string, unknown>

/** One page of a read, with the key to continue from (undefined on the last page). */
export interface Page<T> {
  items: T[]
  cursor?: Key
}

export async function queryPage(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput
): Promise<Page<Item>> {
  const out = await client.send(new QueryCommand(input))
  return { items: out.Items ?? [], cursor: out.LastEvaluatedKey }
}

/** Every page of a query, following LastEvaluatedKey; holds one page in memory at a time. */
export async function* queryPages(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput
): AsyncGenerator<Item[]> {
  let cursor = input.ExclusiveStartKey
  do {
    const page = await queryPage(client, {
      ...input,
      ExclusiveStartKey: cursor,
    })
    yield page.items
    cursor = page.cursor
  } while (cursor)
}

export async function* scanPages(
  client: DynamoDBDocumentClient,
  input: ScanCommandInput
): AsyncGenerator<Item[]> {
  let cursor = input.ExclusiveStartKey
  do {
    const out = await client.send(
      new ScanCommand({ ...input, ExclusiveStartKey: cursor })
    )
    yield out.Items ?? []
    cursor = out.LastEvaluatedKey
  } while (cursor)
}

/** Counts the items a query matches, across every page, without reading them. */
export async function countQuery(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput
): Promise<number> {
  let count = 0
  let cursor = input.ExclusiveStartKey
  do {
    const out = await client.send(
      new QueryCommand({ ...input, Select: 'COUNT', ExclusiveStartKey: cursor })
    )
    count += out.Count ?? 0
    cursor = out.LastEvaluatedKey
  } while (cursor)
  return count
}

const BATCH_WRITE_LIMIT = 25

export class UnprocessedItemsError extends Error {
  override name = 'UnprocessedItemsError' as const
}

/**
 * Puts every item, 25 per request, and retries what DynamoDB leaves unprocessed with exponential
 * backoff; fails loudly rather than dropping items.
 */
export async function batchPutAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
  { maxRetries = 8, baseDelayMs = 50 } = {}
): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
    let requests = items
      .slice(start, start + BATCH_WRITE_LIMIT)
      .map((Item) => ({ PutRequest: { Item } }))
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > maxRetries) {
        throw new UnprocessedItemsError(
          `${requests.length} items left unprocessed in ${tableName} after ${maxRetries} retries`
        )
      }
      if (attempt > 0) await sleep(baseDelayMs * 2 ** (attempt - 1))
      const out = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } })
      )
      requests = (out.UnprocessedItems?.[tableName] ?? []).flatMap((r) =>
        r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : []
      )
    }
  }
}

const BATCH_GET_LIMIT = 100

/**
 * Gets every key, 100 per request, and retries what DynamoDB leaves unprocessed with exponential
 * backoff; fails loudly rather than reporting a present item as absent.
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Key[],
  {
    projection,
    names,
    maxRetries = 8,
    baseDelayMs = 50,
  }: {
    projection?: string
    names?: Record<string, string>
    maxRetries?: number
    baseDelayMs?: number
  } = {}
): Promise<Item[]> {
  const found: Item[] = []
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    let pending: Key[] = keys.slice(start, start + BATCH_GET_LIMIT)
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > maxRetries)
        throw new UnprocessedItemsError(
          `${pending.length} keys left unprocessed in ${tableName} after ${maxRetries} retries`
        )
      if (attempt > 0) await sleep(baseDelayMs * 2 ** (attempt - 1))
      const out = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ProjectionExpression: projection,
              ExpressionAttributeNames: names,
            },
          },
        })
      )
      found.push(...(out.Responses?.[tableName] ?? []))
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[]
    }
  }
  return found
}

/**
 * A page's continuation key as an opaque string, so that it fits in a workflow payload and
 * comes back unchanged; index queries need every key attribute, not just the sort key.
 */
export const encodeCursor = (key: Key | undefined): string | undefined =>
  key ? JSON.stringify(key) : undefined

export const decodeCursor = (cursor: string | undefined): Key | undefined =>
  cursor ? (JSON.parse(cursor) as Key) : undefined

/** One page of items and the opaque cursor of the next, absent after the last page. */
export interface CursorPage<T> {
  items: T[]
  cursor?: string
}

export async function queryCursorPage(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  cursor: string | undefined
): Promise<CursorPage<Item>> {
  const page = await queryPage(client, {
    ...input,
    ExclusiveStartKey: decodeCursor(cursor),
  })
  return { items: page.items, cursor: encodeCursor(page.cursor) }
}

export async function scanCursorPage(
  client: DynamoDBDocumentClient,
  input: ScanCommandInput,
  cursor: string | undefined
): Promise<CursorPage<Item>> {
  const out = await client.send(
    new ScanCommand({ ...input, ExclusiveStartKey: decodeCursor(cursor) })
  )
  return {
    items: out.Items ?? [],
    cursor: encodeCursor(out.LastEvaluatedKey),
  }
}
