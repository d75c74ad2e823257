import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import {
  numberOr,
  optionalName,
  optionalString,
  unsetDefaults,
} from './attributes.js'
import { batchGetAll, queryPages, scanPages } from './paginate.js'
import {
  type Pause,
  type PauseClearing,
  pauseOf,
  writePause,
} from './pause-attributes.js'
import { setAttributes } from './update-item.js'

export const MIGRATION_STATUSES = [
  'pending',
  'in-progress',
  'completed',
  'failed',
] as const
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number]

/** A space's row in migration-progress, the shape spec/MONITORING.md documents. */
export interface SpaceProgress {
  customer: string
  space: string
  status: MigrationStatus
  totalUploads: number
  /** Uploads processed so far (migrated, already migrated, or recorded as failed). */
  completedUploads: number
  lastProcessedUpload?: string
  /** The serve delegation the gateway accepted for this space; set once, so never redone. */
  gatewayDelegation?: string
  /**
   * How many of the space's serve delegations a rollback revoked (absent: none); the next
   * authorization's serve delegation carries it as its nonce, so it has a CID of its own.
   */
  gatewayRevocations?: number
  /**
   * How many times `reauthorize` renewed the space's serve delegation (absent: never); part of
   * its nonce, so that a rollback rebuilds the delegation the row names.
   */
  gatewayReauthorizations?: number
  instanceId?: string
  workerId?: string
  /** Empty when the space has no failures. */
  error: string
  /**
   * The reason code of the space's own gateway failure (`MISSING_DELEGATION`,
   * `GATEWAY_AUTH_FAILED`); absent when the gateway did not fail (and on rows older than it).
   */
  gatewayReason?: string
  /** Set while the space's migration is paused by a service refusing it. */
  pause?: Pause
  createdAt: string
  updatedAt: string
}

export type SpaceProgressUpdate = Partial<
  Omit<
    SpaceProgress,
    'customer' | 'space' | 'createdAt' | 'updatedAt' | 'gatewayReason' | 'pause'
  >
> &
  PauseClearing & {
    /** `''` clears it (a new run decides it again). */
    gatewayReason?: string
  }

/** What a row holds before any update has set these attributes. */
const NEW_ROW = {
  status: 'pending',
  totalUploads: 0,
  completedUploads: 0,
  error: '',
}

export function useMigrationProgressTable(
  client: DynamoDBDocumentClient,
  tableName: string
) {
  return {
    async get(
      customer: string,
      space: string
    ): Promise<SpaceProgress | undefined> {
      const out = await client.send(
        new GetCommand({ TableName: tableName, Key: { customer, space } })
      )
      return out.Item ? toProgress(out.Item) : undefined
    },

    /** The rows of some spaces of a customer, in one batch read; a space without a row is absent. */
    async rowsOf(
      customer: string,
      spaces: readonly string[]
    ): Promise<Map<string, SpaceProgress>> {
      const items = await batchGetAll(
        client,
        tableName,
        [...new Set(spaces)].map((space) => ({ customer, space }))
      )
      return new Map(
        items.map((item) => [String(item.space), toProgress(item)])
      )
    },

    /** Writes the given fields; a missing row is created with zero counts. */
    async update(
      customer: string,
      space: string,
      fields: SpaceProgressUpdate
    ): Promise<SpaceProgress> {
      const now = new Date().toISOString()
      const item = await setAttributes(
        client,
        tableName,
        { customer, space },
        { ...fields, updatedAt: now },
        {
          ifNotExists: { createdAt: now, ...unsetDefaults(fields, NEW_ROW) },
        }
      )
      return toProgress(item)
    },

    /**
     * A page's progress: written only while the space is in progress and only forward, so a
     * stale attempt of a page (its worker outlived its heartbeat timeout) can neither move the
     * count back nor reopen a finished space. Returns whether it was written.
     */
    async advance(
      customer: string,
      space: string,
      fields: SpaceProgressUpdate & { completedUploads: number }
    ): Promise<boolean> {
      try {
        await setAttributes(
          client,
          tableName,
          { customer, space },
          {
            ...fields,
            status: 'in-progress',
            updatedAt: new Date().toISOString(),
          },
          {
            condition: {
              expression:
                '#status = :inProgress AND (attribute_not_exists(#done) OR #done < :done)',
              names: { '#status': 'status', '#done': 'completedUploads' },
              values: {
                ':inProgress': 'in-progress',
                ':done': fields.completedUploads,
              },
            },
          }
        )
        return true
      } catch (err) {
        if ((err as Error).name === 'ConditionalCheckFailedException')
          return false
        throw err
      }
    },

    /** Shows why the space's migration paused, or clears it; only on an existing row. */
    setPause(
      customer: string,
      space: string,
      pause: Pause | undefined
    ): Promise<boolean> {
      return writePause(client, tableName, { customer, space }, pause)
    },

    /** The spaces of a customer, a page at a time. */
    async *byCustomer(customer: string): AsyncGenerator<SpaceProgress[]> {
      for await (const items of queryPages(client, {
        TableName: tableName,
        KeyConditionExpression: 'customer = :customer',
        ExpressionAttributeValues: { ':customer': customer },
      })) {
        yield items.map(toProgress)
      }
    },

    /** Spaces in a status, oldest update first (GSI `status-index`); `updatedBefore` finds stuck ones. */
    async *byStatus(
      status: MigrationStatus,
      { updatedBefore }: { updatedBefore?: string } = {}
    ): AsyncGenerator<SpaceProgress[]> {
      for await (const items of queryPages(client, {
        TableName: tableName,
        IndexName: 'status-index',
        KeyConditionExpression: updatedBefore
          ? '#status = :status AND updatedAt < :before'
          : '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ...(updatedBefore ? { ':before': updatedBefore } : {}),
        },
      })) {
        yield items.map(toProgress)
      }
    },

    async *scanAll(): AsyncGenerator<SpaceProgress[]> {
      for await (const items of scanPages(client, { TableName: tableName }))
        yield items.map(toProgress)
    },
  }
}

export type MigrationProgressTable = ReturnType<
  typeof useMigrationProgressTable
>

function toProgress(item: Record<string, unknown>): SpaceProgress {
  return {
    customer: String(item.customer),
    space: String(item.space),
    status: String(item.status ?? 'pending') as MigrationStatus,
    totalUploads: numberOr(item.totalUploads, 0),
    completedUploads: numberOr(item.completedUploads, 0),
    lastProcessedUpload: optionalString(item.lastProcessedUpload),
    gatewayDelegation: optionalString(item.gatewayDelegation),
    ...revocationsOf(item),
    instanceId: optionalName(item.instanceId),
    workerId: optionalName(item.workerId),
    error: optionalString(item.error) ?? '',
    gatewayReason: optionalString(item.gatewayReason) || undefined,
    pause: pauseOf(item),
    createdAt: String(item.createdAt ?? ''),
    updatedAt: String(item.updatedAt ?? ''),
  }
}

/** Present only when set, so rows never rolled back or renewed read as before. */
function revocationsOf(item: Record<string, unknown>) {
  const revocations = numberOr(item.gatewayRevocations, 0)
  const reauthorizations = numberOr(item.gatewayReauthorizations, 0)
  return {
    ...(revocations > 0 ? { gatewayRevocations: revocations } : {}),
    ...(reauthorizations > 0
      ? { gatewayReauthorizations: reauthorizations }
      : {}),
  }
}
