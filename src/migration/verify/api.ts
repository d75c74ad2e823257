/**
 * Types of the verify step. Read this first.
 *
 * Verification asks the indexer, in batches, whether each upload's root has an index and each
 * shard a location claim naming the upload's space. A shard the indexer does not show with its
 * space, but whose claim the migration already wrote to the claims bucket, is lagging: present,
 * not missing (the indexer caches and IPNI ingests asynchronously).
 */
import type { IndexerPort } from '../ports.js'

export interface UploadToVerify {
  space: string
  /** The root CID string. */
  root: string
  /** The upload's shard CIDs, as the check step resolved them (from its row or its index). */
  shards: string[]
}

/** What a shard lacks at the indexer: any location claim, or one naming the upload's space. */
export type ShardLack = 'location' | 'space'

export interface ShardGap {
  shard: string
  lacks: ShardLack
}

export interface UploadVerdict {
  root: string
  space: string
  /** No index missing and no shard missing; lagging shards count as present. */
  ok: boolean
  missing: { index: boolean; shards: ShardGap[] }
  /** Shards the indexer lacks but whose claim with the space is in the claims bucket. */
  lagging: string[]
}

/** Whether the claims bucket holds the location claim the migration writes for (shard, space). */
export interface StoredClaimLookup {
  has(shard: string, space: string): Promise<boolean>
}

export interface VerifyDeps {
  indexer: Pick<IndexerPort, 'query'>
  /** Without it, a shard the indexer lacks is missing, never lagging. */
  storedClaims?: StoredClaimLookup
  /** Hashes per indexer query; `MAX_HASHES_PER_QUERY` when unset. */
  batchSize?: number
}
