import { ShardNotFound } from '../../src/failures/index.js'
import type {
  IndexedBlock,
  IndexWorkerPort,
  ShardInfo,
} from '../../src/migration/ports.js'
import { carBlocks } from '../../src/sandbox/car-sections.js'

/** The index worker in memory: the blocks of the shard CARs it holds, by shard CID. */
export class MemoryIndexWorker implements IndexWorkerPort {
  readonly shards = new Map<string, Uint8Array>()
  requests = 0

  async indexShard(shard: ShardInfo, onBlock: (block: IndexedBlock) => void) {
    this.requests++
    const bytes = this.shards.get(shard.cid)
    if (!bytes)
      throw new ShardNotFound(
        'index',
        `shard ${shard.cid} is in no carpark key`
      )
    for (const block of carBlocks(bytes))
      onBlock({
        multihash: block.cid.multihash.bytes,
        offset: block.offset,
        length: block.length,
      })
  }
}
