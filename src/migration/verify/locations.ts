import type { IndexerPort } from '../ports.js'
import type { UploadToVerify } from './api.js'
import { ask, askDigests } from './ask.js'
import { chunk } from '../batches.js'
import { claimedInSpace } from '../check/claimed-in-space.js'

export { spaceShardKey } from '../check/claimed-in-space.js'

/**
 * The (space, shard) pairs with a location claim naming that space (see `claimedInSpace`);
 * a query the indexer does not answer is `IndexerUnavailable`.
 */
export const shardsClaimedInSpace = (
  indexer: Pick<IndexerPort, 'query'>,
  uploads: readonly UploadToVerify[],
  batchSize: number
): Promise<Set<string>> =>
  claimedInSpace(
    (hashes, options) => askDigests(indexer, hashes, options),
    uploads,
    batchSize
  )

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
