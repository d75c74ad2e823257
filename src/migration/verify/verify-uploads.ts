import { MAX_HASHES_PER_QUERY } from '../ports.js'
import type {
  ShardGap,
  StoredClaimLookup,
  UploadToVerify,
  UploadVerdict,
  VerifyDeps,
} from './api.js'
import { multihashOf } from './ask.js'
import { indexedUploads, uploadKey } from './indexes.js'
import {
  shardsClaimedInSpace,
  shardsWithAnyClaim,
  spaceShardKey,
} from './locations.js'

const DEFAULT_BATCH_SIZE = MAX_HASHES_PER_QUERY

/**
 * Verifies uploads with few indexer queries: the roots in batches, each space's shards in
 * batches, then, only for the shards without a claim in their space, one more batched query to
 * tell "no claim" from "no space". Throws a TransientError when the indexer or the claims bucket
 * does not answer; it never reports something missing that it could not check.
 */
export async function verifyUploads(
  deps: VerifyDeps,
  uploads: readonly UploadToVerify[]
): Promise<UploadVerdict[]> {
  const batchSize = deps.batchSize ?? DEFAULT_BATCH_SIZE
  const indexed = await indexedUploads(deps.indexer, uploads, batchSize)
  const inSpace = await shardsClaimedInSpace(deps.indexer, uploads, batchSize)
  const unclaimed = (u: UploadToVerify) =>
    u.shards.filter((shard) => !inSpace.has(spaceShardKey(u.space, shard)))
  const located = await shardsWithAnyClaim(
    deps.indexer,
    uploads.flatMap(unclaimed),
    batchSize
  )
  const verdicts: UploadVerdict[] = []
  for (const upload of uploads) {
    const { gaps, lagging } = await classify(
      deps.storedClaims,
      upload.space,
      unclaimed(upload),
      located
    )
    verdicts.push(
      verdict(upload, indexed.has(uploadKey(upload)), gaps, lagging)
    )
  }
  return verdicts
}

/** Splits the shards without a claim in the space into lagging ones and real gaps. */
async function classify(
  storedClaims: StoredClaimLookup | undefined,
  space: string,
  shards: readonly string[],
  located: Set<string>
): Promise<{ gaps: ShardGap[]; lagging: string[] }> {
  const gaps: ShardGap[] = []
  const lagging: string[] = []
  for (const shard of shards) {
    if (await storedClaims?.has(shard, space)) lagging.push(shard)
    else
      gaps.push({
        shard,
        lacks: located.has(multihashOf(shard)) ? 'space' : 'location',
      })
  }
  return { gaps, lagging }
}

function verdict(
  upload: UploadToVerify,
  hasIndex: boolean,
  gaps: ShardGap[],
  lagging: string[]
): UploadVerdict {
  return {
    root: upload.root,
    space: upload.space,
    ok: hasIndex && gaps.length === 0,
    missing: { index: !hasIndex, shards: gaps },
    lagging,
  }
}
