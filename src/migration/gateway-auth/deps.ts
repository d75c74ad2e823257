import type { Signer } from '@ucanto/interface'
import type { DelegationRecord } from '../../services/dynamo/delegation-table.js'
import type { GatewayEndpoint } from '../../services/gateway/gateway-connection.js'
import type { BlobStore } from '../../services/object-store/types.js'

/** Pages of the delegation table's `issuer` index, as `useDelegationTable` yields them. */
export interface DelegationIndex {
  byIssuer(issuer: string): AsyncIterable<DelegationRecord[]>
}

/** The keys the migration signs with, each as its service DID. */
export interface GatewayAuthSigners {
  /** Signs the attestation of the account → agent `access/*` delegation. */
  gateway: Signer
  /** Signs the attestation of the account → gateway serve delegation. */
  uploadService: Signer
  /** Invokes `access/delegate`. */
  migrationAgent: Signer
}

export interface GatewayAuthDeps {
  delegationTable: DelegationIndex
  /** The S3 delegation bucket. */
  delegationStore: BlobStore
  /** The R2 delegation bucket, read before S3 when configured. */
  r2?: BlobStore
  gateway: GatewayEndpoint
  signers: GatewayAuthSigners
  /** Per request to the gateway; default 30 s. */
  timeoutMs?: number
  /** Milliseconds since the epoch, for expiry checks. */
  now?: () => number
}
