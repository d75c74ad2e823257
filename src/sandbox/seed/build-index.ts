import { ShardedDAGIndex } from '@storacha/blob-index'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { carBlocks } from '../car-sections.js'
import { CAR_CODEC } from '../../migration/car-codec.js'
import type { EncodedShard } from './encode-upload.js'

export interface BuiltIndex {
  cid: CID
  bytes: Uint8Array
}

/**
 * The ShardedDAGIndex of an upload, as `@storacha/upload-client` builds it: every shard as a
 * whole-shard slice plus every block, archived; named by a CAR-codec CID of its bytes.
 */
export async function buildIndex(
  root: CID,
  shards: readonly EncodedShard[]
): Promise<BuiltIndex> {
  const index = ShardedDAGIndex.create(root)
  for (const shard of shards) {
    const digest = shard.cid.multihash
    index.setSlice(digest, digest, [0, shard.bytes.length])
    for (const block of carBlocks(shard.bytes))
      index.setSlice(digest, block.cid.multihash, [block.offset, block.length])
  }
  const archived = await index.archive()
  if (archived.error) throw archived.error
  return {
    cid: CID.create(1, CAR_CODEC, await sha256.digest(archived.ok)),
    bytes: archived.ok,
  }
}
