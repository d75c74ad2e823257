/**
 * Types of the location-claims step. Read this first.
 *
 * For each shard of an upload, the upload service (as its did:web) signs an `assert/location`
 * claim naming the upload's space, the claim archive is stored in the claims bucket, the indexer
 * caches it (`claim/cache`, invoked as the upload service's did:key) and an IPNI advertisement job
 * is queued. Every step is idempotent: the claim is deterministic and the job deduplicated.
 */
import type { Delegation, Signer } from '@ucanto/interface'
import type { IpniQueue } from '../../services/ipni-queue/types.js'
import type { BlobStore } from '../../services/object-store/types.js'

export type ShardProtocol = 'blob' | 'store'

export interface ShardInput {
  /** The shard's CID string (a CAR CID for legacy shards). */
  cid: string
  /** Bytes; the claim's range is `{ offset: 0, length: size }`. */
  size: number
  protocol: ShardProtocol
  /** A known URL of the shard's bytes (an index CAR), instead of the carpark's. */
  location?: string
}

export interface LocationClaimsInput {
  /** The space DID the claims name. */
  space: string
  shards: ShardInput[]
}

export interface LocationClaimsDeps {
  /** The upload service as its did:web; its key, as a did:key, invokes `claim/cache`. */
  uploadServiceSigner: Signer
  /** `proof`: `claim/cache` delegated by the indexer to the upload service's did:key. */
  indexer: { url: string; did: string; proof: Delegation }
  claimsBucket: BlobStore
  ipni: Record<ShardProtocol, IpniQueue>
  /** Public carpark URLs for blob- and store-protocol shards. */
  carpark: { blobUrl: string; storeUrl: string }
  /** The storage node that serves claims at `/claim/{claim}`. */
  piriUrl: string
  /** IPNI provider peer IDs by protocol. */
  peerIds: Record<ShardProtocol, string>
  fetch?: typeof globalThis.fetch
  /** Per HTTP request; 30 s when unset. */
  timeoutMs?: number
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
