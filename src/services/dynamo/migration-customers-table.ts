import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import {
  numberOr,
  optionalName,
  optionalString,
  unsetDefaults,
} from './attributes.js'
import type { MigrationStatus } from './migration-progress-table.js'
import {
  type CursorPage,
  queryCursorPage,
  queryPages,
  scanCursorPage,
  scanPages,
} from './paginate.js'
import {
  type Pause,
  type PauseClearing,
  pauseOf,
  writePause,
} from './pause-attributes.js'
import { setAttributes } from './update-item.js'

/** A customer's row in migration-customers: its assignment and rolled-up progress. */
export interface CustomerProgress {
  customer: string
  status: MigrationStatus
  instanceId?: string
  totalSpaces: number
  completedSpaces: number
  totalUploads: number
  completedUploads: number
  /** The include filter of the distribution that assigned it, if any. */
  filter?: string
  error: string
  /** Set while the customer's migration is paused by a service refusing it. */
  pause?: Pause
  assignedAt?: string
  updatedAt: string
  completedAt?: string
}

export type CustomerProgressUpdate = Partial<
  Omit<CustomerProgress, 'customer' | 'updatedAt' | 'pause'>
> &
  PauseClearing

/** What a row holds before any update has set these attributes. */
const NEW_ROW = {
  totalSpaces: 0,
  completedSpaces: 0,
  totalUploads: 0,
  completedUploads: 0,
  error: '',
}

/** What setup-distribution planned for a customer, without the rest of its row. */
export type PlannedRow = Pick<
  CustomerProgress,
  'instanceId' | 'totalSpaces' | 'totalUploads'
>

export function useMigrationCustomersTable(
  client: DynamoDBDocumentClient,
  tableName: string
) {
  return {
    async get(customer: string): Promise<CustomerProgress | undefined> {
      const out = await client.send(
        new GetCommand({ TableName: tableName, Key: { customer } })
      )
      return out.Item ? toCustomer(out.Item) : undefined
    },

    async update(
      customer: string,
      fields: CustomerProgressUpdate
    ): Promise<CustomerProgress> {
      const item = await setAttributes(
        client,
        tableName,
        { customer },
        { ...fields, updatedAt: new Date().toISOString() },
        {
          ifNotExists: unsetDefaults(fields, NEW_ROW),
        }
      )
      return toCustomer(item)
    },

    /**
     * Assigns a customer to an instance. A customer already completed keeps its row: the
     * original's distribution overwrote finished customers back to pending.
     * Returns false when the customer was completed and so left alone.
     */
    async assign(
      customer: string,
      fields: CustomerProgressUpdate & { instanceId: string }
    ): Promise<boolean> {
      try {
        await setAttributes(
          client,
          tableName,
          { customer },
          {
            status: 'pending',
            ...fields,
            assignedAt: new Date().toISOString(),
            updatedAt: new Date().toISOString(),
          },
          {
            ifNotExists: unsetDefaults(fields, NEW_ROW),
            condition: {
              expression: 'attribute_not_exists(customer) OR #s <> :completed',
              names: { '#s': 'status' },
              values: { ':completed': 'completed' },
            },
          }
        )
        return true
      } catch (err) {
        if (
          err instanceof Error &&
          err.name === 'ConditionalCheckFailedException'
        )
          return false
        throw err
      }
    },

    /** Shows why the customer's migration paused, or clears it; only on an existing row. */
    setPause(customer: string, pause: Pause | undefined): Promise<boolean> {
      return writePause(client, tableName, { customer }, pause)
    },

    async *byStatus(
      status: MigrationStatus
    ): AsyncGenerator<CustomerProgress[]> {
      for await (const items of queryPages(client, {
        TableName: tableName,
        IndexName: 'status-index',
        KeyConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status },
      })) {
        yield items.map(toCustomer)
      }
    },

    /**
     * The plan of an instance's customers (GSI `instance-index`), a page at a time: only the
     * planned totals, so tens of thousands of customers take a few pages, not a read each.
     */
    async *instancePlan(instanceId: string): AsyncGenerator<PlannedRow[]> {
      for await (const items of queryPages(client, {
        TableName: tableName,
        IndexName: 'instance-index',
        KeyConditionExpression: 'instanceId = :instance',
        ExpressionAttributeValues: { ':instance': instanceId },
        ProjectionExpression: 'instanceId, totalSpaces, totalUploads',
      })) {
        yield items.map((item) => ({
          instanceId,
          totalSpaces: numberOr(item.totalSpaces, 0),
          totalUploads: numberOr(item.totalUploads, 0),
        }))
      }
    },

    /** One page of the customers a distribution assigned to an instance (GSI `instance-index`). */
    async instancePage(
      instanceId: string,
      { cursor, limit }: { cursor?: string; limit: number }
    ): Promise<CursorPage<string>> {
      const page = await queryCursorPage(
        client,
        {
          TableName: tableName,
          IndexName: 'instance-index',
          KeyConditionExpression: 'instanceId = :instance',
          ExpressionAttributeValues: { ':instance': instanceId },
          ProjectionExpression: 'customer',
          Limit: limit,
        },
        cursor
      )
      return {
        items: page.items.map((item) => String(item.customer)),
        cursor: page.cursor,
      }
    },

    /** One page of every planned customer, whatever its instance. */
    async allPage({
      cursor,
      limit,
    }: {
      cursor?: string
      limit: number
    }): Promise<CursorPage<string>> {
      const page = await scanCursorPage(
        client,
        {
          TableName: tableName,
          ProjectionExpression: 'customer',
          Limit: limit,
        },
        cursor
      )
      return {
        items: page.items.map((item) => String(item.customer)),
        cursor: page.cursor,
      }
    },

    async *scanAll(): AsyncGenerator<CustomerProgress[]> {
      for await (const items of scanPages(client, { TableName: tableName }))
        yield items.map(toCustomer)
    },
  }
}

export type MigrationCustomersTable = ReturnType<
  typeof useMigrationCustomersTable
>

function toCustomer(item: Record<string, unknown>): CustomerProgress {
  return {
    customer: String(item.customer),
    status: String(item.status ?? 'pending') as MigrationStatus,
    instanceId: optionalName(item.instanceId),
    totalSpaces: numberOr(item.totalSpaces, 0),
    completedSpaces: numberOr(item.completedSpaces, 0),
    totalUploads: numberOr(item.totalUploads, 0),
    completedUploads: numberOr(item.completedUploads, 0),
    filter: optionalString(item.filter),
    error: optionalString(item.error) ?? '',
    pause: pauseOf(item),
    assignedAt: optionalString(item.assignedAt),
    updatedAt: String(item.updatedAt ?? ''),
    completedAt: optionalString(item.completedAt),
  }
}
