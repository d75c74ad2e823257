import type { IndexerPort } from '../ports.js'
import type { UploadToVerify } from './api.js'
import { ask, multihashOf } from './ask.js'
import { chunk, groupDistinct } from '../batches.js'

/** Key of a (space, shard multihash) pair in the sets below. */
export const spaceShardKey = (space: string, shard: string) =>
  `${space} ${multihashOf(shard)}`

/**
 * The (space, shard) pairs with a location claim naming that space: the shards of each space
 * in batches, one query per batch, filtered to the space the query asked for.
 */
export async function shardsClaimedInSpace(
  indexer: Pick<IndexerPort, 'query'>,
  uploads: readonly UploadToVerify[],
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
      const answer = await ask(indexer, batch, {
        kind: 'location',
        spaces: [space],
      })
      for (const claim of answer.locations)
        if (claim.space === space) found.add(`${space} ${claim.content}`)
    }
  return found
}

/** The shard multihashes with any location claim, whatever space it names. */
export async function shardsWithAnyClaim(
  indexer: Pick<IndexerPort, 'query'>,
  shards: readonly string[],
  batchSize: number
): Promise<Set<string>> {
  const found = new Set<string>()
  for (const batch of chunk([...new Set(shards)], batchSize)) {
    const answer = await ask(indexer, batch, { kind: 'location' })
    for (const claim of answer.locations) found.add(claim.content)
  }
  return found
}
