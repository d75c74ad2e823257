import {
  DeleteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb'
import { numberOr, optionalString } from './attributes.js'
import {
  type CursorPage,
  encodeCursor,
  queryCursorPage,
  queryPage,
  queryPages,
  scanCursorPage,
  scanPages,
} from './paginate.js'
import { setAttributes } from './update-item.js'

/** An upload that could not be migrated, kept until a later run migrates it. */
export interface UploadFailure {
  space: string
  root: string
  customer: string
  instanceId?: string
  /** The worker that recorded it (`worker --worker-id`); absent on rows older than it. */
  workerId?: string
  /** The migration step that failed (check, index, claims, gateway, verify). */
  step: string
  /** A stable failure code, e.g. SHARD_NOT_FOUND. */
  reason: string
  /** The error message, without secrets. */
  error: string
  /** How many runs failed on it. */
  attempts: number
  failedAt: string
}

export type NewUploadFailure = Omit<UploadFailure, 'attempts' | 'failedAt'>

/** What a whole-table read carries of a failure: its key, customer, instance and reason. */
export type FailureSummary = Pick<
  UploadFailure,
  'space' | 'root' | 'customer' | 'instanceId' | 'workerId' | 'reason'
>

export function useMigrationFailuresTable(
  client: DynamoDBDocumentClient,
  tableName: string
) {
  return {
    /** Records or refreshes a failure, counting attempts across runs. */
    async record(failure: NewUploadFailure): Promise<UploadFailure> {
      const { space, root, ...fields } = failure
      const item = await setAttributes(
        client,
        tableName,
        { space, root },
        { ...fields, failedAt: new Date().toISOString() },
        {
          add: { attempts: 1 },
        }
      )
      return toFailure(item)
    },

    /** Forgets a failure once the upload has been migrated. */
    async clear(space: string, root: string): Promise<void> {
      await client.send(
        new DeleteCommand({ TableName: tableName, Key: { space, root } })
      )
    },

    async *bySpace(space: string): AsyncGenerator<UploadFailure[]> {
      for await (const items of queryPages(client, {
        TableName: tableName,
        KeyConditionExpression: '#space = :space',
        ExpressionAttributeNames: { '#space': 'space' },
        ExpressionAttributeValues: { ':space': space },
      })) {
        yield items.map(toFailure)
      }
    },

    /** The roots from `first` to `last` (inclusive) of a space that have failure rows. */
    async rootsBetween(
      space: string,
      first: string,
      last: string
    ): Promise<Set<string>> {
      const roots = new Set<string>()
      for await (const items of queryPages(client, {
        TableName: tableName,
        KeyConditionExpression:
          '#space = :space AND #root BETWEEN :first AND :last',
        ExpressionAttributeNames: { '#space': 'space', '#root': 'root' },
        ExpressionAttributeValues: {
          ':space': space,
          ':first': first,
          ':last': last,
        },
        ProjectionExpression: '#root',
      }))
        for (const item of items) roots.add(String(item.root))
      return roots
    },

    /** One page of a space's failed uploads (roots), to retry only those. */
    async rootsPage(
      space: string,
      { cursor, limit }: { cursor?: string; limit: number }
    ): Promise<CursorPage<string>> {
      const page = await queryCursorPage(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: '#space = :space',
          ExpressionAttributeNames: { '#space': 'space' },
          ExpressionAttributeValues: { ':space': space },
          ProjectionExpression: 'root',
          Limit: limit,
        },
        cursor
      )
      return {
        items: page.items.map((item) => String(item.root)),
        cursor: page.cursor,
      }
    },

    /**
     * One page of the spaces of a customer that have failure rows, in space order (GSI
     * `customer-space-index`); `after` is the last space of the previous page. Each query starts
     * past every row of that space, so a space with many failures comes once.
     */
    async failedSpacesPage(
      customer: string,
      { after, limit }: { after?: string; limit: number }
    ): Promise<CursorPage<string>> {
      const spaces: string[] = []
      let last = after
      for (;;) {
        const page = await queryPage(client, {
          TableName: tableName,
          IndexName: 'customer-space-index',
          KeyConditionExpression:
            last === undefined
              ? 'customer = :customer'
              : 'customer = :customer AND #space > :after',
          ExpressionAttributeNames:
            last === undefined ? undefined : { '#space': 'space' },
          ExpressionAttributeValues: {
            ':customer': customer,
            ...(last === undefined ? {} : { ':after': last }),
          },
          Limit: limit,
        })
        for (const item of page.items) {
          const space = String(item.space)
          if (space !== spaces.at(-1)) spaces.push(space)
        }
        last = spaces.at(-1)
        if (page.cursor === undefined || spaces.length >= limit) {
          const more = page.cursor !== undefined || spaces.length > limit
          const items = spaces.slice(0, limit)
          return { items, cursor: more ? items.at(-1) : undefined }
        }
      }
    },

    async *byCustomer(customer: string): AsyncGenerator<UploadFailure[]> {
      for await (const items of queryPages(client, {
        TableName: tableName,
        IndexName: 'customer-index',
        KeyConditionExpression: 'customer = :customer',
        ExpressionAttributeValues: { ':customer': customer },
      })) {
        yield items.map(toFailure)
      }
    },

    /**
     * Up to `limit` failures of one reason, scanning on from `cursor`: no index is keyed by
     * reason, so this is a filtered scan that evaluates at most `maxPages` pages of `pageSize`
     * rows per call and returns the cursor to go on from (absent once the table is read
     * through). A call may return fewer than `limit`, even none, with a cursor.
     */
    async reasonPage(
      reason: string,
      {
        cursor,
        limit,
        pageSize = 500,
        maxPages = 10,
      }: {
        cursor?: string
        limit: number
        pageSize?: number
        maxPages?: number
      }
    ): Promise<CursorPage<UploadFailure>> {
      const items: UploadFailure[] = []
      let next = cursor
      for (let pages = 0; pages < maxPages && items.length < limit; pages++) {
        const page = await scanCursorPage(
          client,
          {
            TableName: tableName,
            FilterExpression: '#reason = :reason',
            ExpressionAttributeNames: { '#reason': 'reason' },
            ExpressionAttributeValues: { ':reason': reason },
            Limit: pageSize,
          },
          next
        )
        items.push(...page.items.map(toFailure))
        next = page.cursor
        if (next === undefined) break
      }
      if (items.length <= limit) return { items, cursor: next }
      // A scan goes on from any row's key, so a page cut short resumes after its last row.
      const kept = items.slice(0, limit)
      const last = kept.at(-1)
      return {
        items: kept,
        cursor: encodeCursor(last && { space: last.space, root: last.root }),
      }
    },

    /**
     * Every failure, a page at a time, projected to its summary so that pages carry reasons
     * rather than error messages: no index answers a count across the whole table.
     */
    async *scanSummaries(): AsyncGenerator<FailureSummary[]> {
      for await (const items of scanPages(client, {
        TableName: tableName,
        ProjectionExpression:
          '#space, #root, #customer, #instance, #worker, #reason',
        ExpressionAttributeNames: {
          '#space': 'space',
          '#root': 'root',
          '#customer': 'customer',
          '#instance': 'instanceId',
          '#worker': 'workerId',
          '#reason': 'reason',
        },
      })) {
        yield items.map((item) => ({
          space: String(item.space),
          root: String(item.root),
          customer: optionalString(item.customer) ?? '',
          instanceId: optionalString(item.instanceId),
          ...workerOf(item),
          reason: optionalString(item.reason) ?? 'UNKNOWN_ERROR',
        }))
      }
    },
  }
}

export type MigrationFailuresTable = ReturnType<
  typeof useMigrationFailuresTable
>

/** Rows recorded before `--worker-id` have no worker: the key is left out, not undefined. */
function workerOf(item: Record<string, unknown>): { workerId?: string } {
  const workerId = optionalString(item.workerId)
  return workerId ? { workerId } : {}
}

function toFailure(item: Record<string, unknown>): UploadFailure {
  return {
    space: String(item.space),
    root: String(item.root),
    customer: String(item.customer),
    instanceId: optionalString(item.instanceId),
    ...workerOf(item),
    step: String(item.step),
    reason: String(item.reason),
    error: String(item.error ?? ''),
    attempts: numberOr(item.attempts, 0),
    failedAt: String(item.failedAt),
  }
}
