import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { CAR_CODEC } from '../services/car-codec.js'
import type { IndexerQuery } from '../services/indexer-query.js'
import type { UploadRecord } from '../services/dynamo/upload-table.js'
import { NoShardsNoIndex, TransientError } from './errors.js'

/** Where one upload stands, and what it still needs. */
export interface UploadStatus {
  /** An `assert/index` claim exists for the root. */
  hasIndex: boolean
  /** The upload's shard CAR CIDs: from its row, or from its index when the row has none. */
  shards: string[]
  /** Shards without a location claim that carries the upload's space. */
  shardsNeedingClaims: string[]
}

/**
 * Asks the indexer what the upload already has: one query for the root (index claim, and the
 * index itself, which names the shards when the row has none) and one for the shards' location
 * claims in the upload's space. A failed query is transient, never "nothing migrated": the
 * original treated errors as an empty answer and rebuilt indexes that existed.
 */
export async function checkUpload(
  queryClaims: IndexerQuery,
  upload: UploadRecord
): Promise<UploadStatus> {
  const root = CID.parse(upload.root)
  const rootAnswer = await ask(() => queryClaims([root.multihash]))
  const hasIndex = rootAnswer.indexClaims.length > 0
  const shards =
    upload.shards.length > 0
      ? upload.shards
      : shardsFromIndex(rootAnswer.indexShards)
  if (shards.length === 0) {
    throw new NoShardsNoIndex(
      'check',
      `upload ${upload.root} has no shards in its row and no index to name them`
    )
  }
  const digests = shards.map((shard) => CID.parse(shard).multihash)
  const located = await ask(() =>
    queryClaims(digests, { kind: 'location', spaces: [upload.space] })
  )
  const inSpace = new Set(
    located.locations
      .filter((l) => l.space === upload.space)
      .map((l) => l.content)
  )
  return {
    hasIndex,
    shards,
    shardsNeedingClaims: shards.filter(
      (shard) =>
        !inSpace.has(base58btc.encode(CID.parse(shard).multihash.bytes))
    ),
  }
}

/** Legacy shards are CARs: a multihash named by an index becomes a CAR CID. */
function shardsFromIndex(indexShards: string[][]): string[] {
  const first = indexShards[0] ?? []
  return first.map((multihash) =>
    CID.createV1(
      CAR_CODEC,
      Digest.decode(base58btc.decode(multihash))
    ).toString()
  )
}

async function ask<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query()
  } catch (err) {
    throw new TransientError(
      'check',
      `indexing service query failed: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      }
    )
  }
}
