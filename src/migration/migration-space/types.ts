import type { DID, Signer } from '@ucanto/interface'
import type { ConsumerTable } from '../../services/dynamo/consumer-table.js'
import type { DelegationTable } from '../../services/dynamo/delegation-table.js'
import type { MigrationSpacesTable } from '../../services/dynamo/migration-spaces-table.js'
import type { SubscriptionTable } from '../../services/dynamo/subscription-table.js'
import type { BlobStore } from '../../services/object-store/types.js'

/** The tables the migration-space step reads and writes: only the calls it makes. */
export interface MigrationSpaceTables {
  migrationSpaces: Pick<
    MigrationSpacesTable,
    'get' | 'createOrGet' | 'setStatus'
  >
  consumer: Pick<ConsumerTable, 'putIfAbsent'>
  subscription: Pick<SubscriptionTable, 'putIfAbsent'>
  delegation: Pick<DelegationTable, 'putAll'>
}

export interface MigrationSpaceDeps {
  tables: MigrationSpaceTables
  /** The delegation bucket; a delegation is stored at `/delegations/<cid>.car`. */
  delegationStore: BlobStore
  /** 32 bytes; encrypts every migration space's private key at rest. */
  encryptionKey: Uint8Array
  /** The provider the migration spaces are provisioned with (the upload service). */
  uploadServiceDid: string
  now?: () => Date
}

/** A customer's migration space, ready to sign with. */
export interface MigrationSpace {
  signer: Signer<DID<'key'>>
  did: DID<'key'>
  /** Whether this call created the space (false when it existed or another worker won the race). */
  created: boolean
  /** Why the customer was not delegated the space; undefined once it has been. */
  delegationSkipped?: string
}
