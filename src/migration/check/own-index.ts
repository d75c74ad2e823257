import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import type { ClaimsAnswer, UploadRecord } from '../ports.js'

/**
 * The upload's own index among those the indexer returned: one whose content is the upload's
 * root and, when the row lists shards, that names every one of them. An index of another upload
 * whose DAG holds this root, or of the same root uploaded again with other shards, is not it.
 */
export function ownIndex(
  indexes: ClaimsAnswer['indexes'],
  upload: Pick<UploadRecord, 'root' | 'shards'>
): ClaimsAnswer['indexes'][number] | undefined {
  const root = base58btc.encode(CID.parse(upload.root).multihash.bytes)
  const wanted = upload.shards.map((shard) =>
    base58btc.encode(CID.parse(shard).multihash.bytes)
  )
  return indexes.find(
    (index) =>
      index.content === root &&
      wanted.every((shard) => index.shards.includes(shard))
  )
}
