/**
 * Types of the location-claims step.
 *
 * For each shard of an upload, the upload service (as its did:web) signs an `assert/location`
 * claim naming the upload's space, the claim archive is stored in the claims bucket, the indexer
 * caches it (`claim/cache`, invoked as the upload service's did:key) and an IPNI advertisement job
 * is queued. Every step is idempotent: the claim is deterministic and the job deduplicated.
 */
import type { Signer } from '@ucanto/interface'
import type {
  BlobStore,
  CarparkPort,
  IndexerPort,
  IpniQueue,
  ShardInfo,
  ShardProtocol,
} from '../ports.js'

export interface ShardInput extends ShardInfo {
  /** A known URL of the shard's bytes (an index CAR), instead of the carpark's. */
  location?: string
  /** The bytes were just read under the key the carpark URL names (to index it): no HEAD. */
  inCarpark?: boolean
}

export interface LocationClaimsInput {
  /** The space DID the claims name. */
  space: string
  shards: ShardInput[]
}

export interface LocationClaimsPorts {
  /** The upload service as its did:web; its key, as a did:key, invokes `claim/cache`. */
  uploadServiceSigner: Signer
  indexer: Pick<IndexerPort, 'query' | 'cacheClaims'>
  claimsBucket: BlobStore
  ipni: Record<ShardProtocol, IpniQueue>
  carpark: CarparkPort
  /** The storage node that serves claims at `/claim/{claim}`. */
  piriUrl: string
  /** IPNI provider peer IDs by protocol. */
  peerIds: Record<ShardProtocol, string>
}

export interface ShardClaimResult {
  shard: string
  /** The claim CID (also its key in the claims bucket). */
  claim: string
  /** The URL the claim names. */
  location: string
  /** True when the IPNI queue dropped the job as a repeat (the local queue says so; SQS does not). */
  duplicateJob: boolean
}
