import { ShardedDAGIndex } from '@storacha/blob-index'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
import { PermanentError } from '../../failures/index.js'
import { CAR_CODEC } from '../car-codec.js'
import type { IndexWorkerPort, ShardInfo } from '../ports.js'

export interface BuiltIndex {
  /** CAR-codec CID of the archive, as the upload client names an index. */
  cid: string
  bytes: Uint8Array
  /** The shards read under the carpark key their protocol names (its URL answers). */
  atProtocolKey: Set<string>
}

/**
 * Builds the upload's ShardedDAGIndex exactly as `@storacha/upload-client` would: each shard as a
 * whole-shard slice plus every block the index worker lists, archived, so the index gets the CID
 * the upload client would have given it.
 */
export async function buildIndexFromShards(
  indexWorker: IndexWorkerPort,
  root: string,
  shards: readonly ShardInfo[]
): Promise<BuiltIndex> {
  const index = ShardedDAGIndex.create(CID.parse(root))
  const atProtocolKey = new Set<string>()
  for (const shard of shards) {
    const digest = CID.parse(shard.cid).multihash
    index.setSlice(digest, digest, [0, shard.size])
    const read = await indexWorker.indexShard(shard, (block) =>
      index.setSlice(digest, Digest.decode(block.multihash), [
        block.offset,
        block.length,
      ])
    )
    if (read.atProtocolKey) atProtocolKey.add(shard.cid)
  }
  const archived = await index.archive()
  if (archived.error)
    throw new PermanentError(
      'index',
      `could not archive the index of ${root}: ${archived.error.message}`
    )
  return {
    cid: CID.create(1, CAR_CODEC, await sha256.digest(archived.ok)).toString(),
    bytes: archived.ok,
    atProtocolKey,
  }
}
