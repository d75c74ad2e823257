import { CID } from 'multiformats/cid'
import { chunk } from '../batches.js'
import type { ClaimsAnswer, IndexerPort } from '../ports.js'

/**
 * Every index the indexer returns for these roots (index claims and the indexes themselves),
 * the distinct roots `batchSize` to a standard query; `ownIndex` then picks each upload's own.
 */
export async function indexesOfRoots(
  query: IndexerPort['query'],
  roots: readonly string[],
  batchSize: number
): Promise<ClaimsAnswer['indexes']> {
  const indexes: ClaimsAnswer['indexes'] = []
  for (const batch of chunk([...new Set(roots)], batchSize)) {
    const answer = await query(batch.map((root) => CID.parse(root).multihash))
    indexes.push(...answer.indexes)
  }
  return indexes
}
