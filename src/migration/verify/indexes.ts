import { indexesOfRoots } from '../check/indexes-of-roots.js'
import { ownIndex } from '../check/own-index.js'
import type { IndexerPort } from '../ports.js'
import type { UploadToVerify } from './api.js'
import { askDigests } from './ask.js'

/** One upload among those verified together (the same root can be uploaded twice). */
export const uploadKey = (u: UploadToVerify) =>
  `${u.space} ${u.root} ${u.shards.join(',')}`

/**
 * The uploads that have their own index, many roots per query: an index of their root that
 * names all their shards, as the check decides it. An index the indexer cannot read is of no use
 * either, so a claim alone does not count.
 */
export async function indexedUploads(
  indexer: Pick<IndexerPort, 'query'>,
  uploads: readonly UploadToVerify[],
  batchSize: number
): Promise<Set<string>> {
  const indexes = await indexesOfRoots(
    (hashes, options) => askDigests(indexer, hashes, options),
    uploads.map((u) => u.root),
    batchSize
  )
  return new Set(
    uploads.filter((u) => ownIndex(indexes, u)).map((u) => uploadKey(u))
  )
}
