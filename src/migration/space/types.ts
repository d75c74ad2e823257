import type { DID, Signer } from '@ucanto/interface'
import type { BlobStore, MigrationSpaceTables } from '../ports.js'

export interface MigrationSpacePorts {
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
