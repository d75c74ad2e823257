import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { chunk, groupDistinct } from '../batches.js'
import type { IndexerPort } from '../ports.js'

/** Key of a (space, shard multihash) pair in the set {@link claimedInSpace} returns. */
export const spaceShardKey = (space: string, shard: string) =>
  `${space} ${base58btc.encode(CID.parse(shard).multihash.bytes)}`

/**
 * The (space, shard) pairs with a location claim naming that space: each space's distinct
 * shards in batches, one location query per batch, filtered to the space the query asked for.
 */
export async function claimedInSpace(
  query: IndexerPort['query'],
  uploads: readonly { space: string; shards: readonly string[] }[],
  batchSize: number
): Promise<Set<string>> {
  const found = new Set<string>()
  const bySpace = groupDistinct(
    uploads,
    (u) => u.space,
    (u) => u.shards
  )
  for (const [space, shards] of bySpace)
    for (const batch of chunk(shards, batchSize)) {
      const answer = await query(
        batch.map((shard) => CID.parse(shard).multihash),
        { kind: 'location', spaces: [space] }
      )
      for (const claim of answer.locations)
        if (claim.space === space) found.add(`${space} ${claim.content}`)
    }
  return found
}
