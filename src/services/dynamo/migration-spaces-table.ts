import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { numberOr, optionalString } from './attributes.js'
import { putIfAbsent } from './conditional-put.js'
import { setAttributes } from './update-item.js'

/** How far a migration space got: created, then provisioned, then delegated to its customer. */
export type MigrationSpaceStatus = 'active' | 'provisioned' | 'delegated'

export interface MigrationSpaceRecord {
  customer: string
  migrationSpace: string
  spaceName: string
  /** The space's private key, AES-256-GCM encrypted (JSON). Never logged. */
  privateKey: string
  status: MigrationSpaceStatus
  created: string
  lastUsed?: string
  indexCount: number
}

export function useMigrationSpacesTable(
  client: DynamoDBDocumentClient,
  tableName: string
) {
  const get = async (
    customer: string
  ): Promise<MigrationSpaceRecord | undefined> => {
    const out = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { customer },
        ConsistentRead: true,
      })
    )
    return out.Item ? toRecord(out.Item) : undefined
  }
  return {
    get,

    /**
     * Stores a new migration space unless the customer already has one. Of two workers racing,
     * one wins the conditional write; the other gets the winner's record back, so no orphan
     * space is ever used.
     */
    async createOrGet(
      record: MigrationSpaceRecord
    ): Promise<{ created: boolean; record: MigrationSpaceRecord }> {
      if (await putIfAbsent(client, tableName, { ...record }, 'customer'))
        return { created: true, record }
      const existing = await get(record.customer)
      if (!existing)
        throw new Error(
          `migration space of ${record.customer} vanished after a lost race`
        )
      return { created: false, record: existing }
    },

    async setStatus(
      customer: string,
      status: MigrationSpaceStatus
    ): Promise<void> {
      await setAttributes(
        client,
        tableName,
        { customer },
        { status, lastUsed: new Date().toISOString() },
        {
          condition: { expression: 'attribute_exists(customer)' },
        }
      )
    },
  }
}

export type MigrationSpacesTable = ReturnType<typeof useMigrationSpacesTable>

function toRecord(item: Record<string, unknown>): MigrationSpaceRecord {
  return {
    customer: String(item.customer),
    migrationSpace: String(item.migrationSpace),
    spaceName: String(item.spaceName),
    privateKey: String(item.privateKey),
    status: String(item.status) as MigrationSpaceStatus,
    created: String(item.created),
    lastUsed: optionalString(item.lastUsed),
    indexCount: numberOr(item.indexCount, 0),
  }
}
