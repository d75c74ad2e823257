import type { IndexerPort } from '../ports.js'
import type { UploadToVerify } from './api.js'
import { ask, multihashOf } from './ask.js'
import { chunk } from '../batches.js'

/**
 * The roots that have an index, many roots per query. The answer's index claims do not say which
 * root they are for, so an upload counts as indexed when a returned index names all its shards:
 * stricter than "a claim exists", since an index the indexer cannot read is of no use either.
 * Uploads without shards cannot be matched that way and get a query of their own.
 */
export async function indexedRoots(
  indexer: Pick<IndexerPort, 'query'>,
  uploads: readonly UploadToVerify[],
  batchSize: number
): Promise<Set<string>> {
  const withShards = uploads.filter((u) => u.shards.length > 0)
  const found = new Set<string>()
  for (const batch of chunk(withShards, batchSize)) {
    const roots = [...new Set(batch.map((u) => u.root))]
    const answer = await ask(indexer, roots)
    const indexes = answer.indexShards.map((shards) => new Set(shards))
    for (const upload of batch)
      if (indexes.some((index) => namesAll(index, upload.shards)))
        found.add(upload.root)
  }
  for (const upload of uploads.filter((u) => u.shards.length === 0))
    if ((await ask(indexer, [upload.root])).indexClaims.length > 0)
      found.add(upload.root)
  return found
}

const namesAll = (index: Set<string>, shards: readonly string[]) =>
  shards.every((shard) => index.has(multihashOf(shard)))
