import { ShardedDAGIndex } from '@storacha/blob-index'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
import { CAR_CODEC } from '../services/car-codec.js'
import {
  IndexWorkerProtocolError,
  type IndexWorkerOptions,
  IndexWorkerUnavailable,
  indexShardBlocks,
  ShardNotInCarpark,
} from '../services/index-worker-client.js'
import { PermanentError, ShardNotFound, TransientError } from './errors.js'
import type { ShardInfo } from './shard-size.js'

export interface BuiltIndex {
  /** CAR-codec CID of the archive, as the upload client names an index. */
  cid: string
  bytes: Uint8Array
}

/**
 * Builds the upload's ShardedDAGIndex exactly as `@storacha/upload-client` would: each shard as a
 * whole-shard slice plus every block the index worker lists, archived, so the index gets the CID
 * the upload client would have given it.
 */
export async function buildIndexFromShards(
  indexWorker: IndexWorkerOptions,
  root: string,
  shards: readonly ShardInfo[]
): Promise<BuiltIndex> {
  const index = ShardedDAGIndex.create(CID.parse(root))
  for (const shard of shards) {
    const digest = CID.parse(shard.cid).multihash
    index.setSlice(digest, digest, [0, shard.size])
    await indexShard(indexWorker, shard, (block) =>
      index.setSlice(digest, Digest.decode(block.multihash), [
        block.offset,
        block.length,
      ])
    )
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
  }
}

async function indexShard(
  options: IndexWorkerOptions,
  shard: ShardInfo,
  onBlock: Parameters<typeof indexShardBlocks>[3]
): Promise<void> {
  try {
    await indexShardBlocks(
      options,
      shard.cid,
      shard.size,
      onBlock,
      shard.protocol
    )
  } catch (err) {
    if (err instanceof ShardNotInCarpark)
      throw new ShardNotFound('index', err.message, { cause: err })
    if (err instanceof IndexWorkerProtocolError)
      throw new PermanentError('index', err.message, { cause: err })
    if (err instanceof IndexWorkerUnavailable) {
      throw new TransientError('index', err.message, {
        cause: err,
        retryAfterMs: err.retryAfterMs,
      })
    }
    throw new TransientError(
      'index',
      err instanceof Error ? err.message : String(err),
      { cause: err }
    )
  }
}
