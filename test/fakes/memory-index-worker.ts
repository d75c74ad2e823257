import { ShardNotFound } from '../../src/failures/index.js'
import type {
  IndexedBlock,
  IndexWorkerPort,
  ShardInfo,
  ShardProtocol,
} from '../../src/migration/ports.js'
import { carBlocks } from '../../src/sandbox/car-sections.js'

/** The index worker in memory: the blocks of the shard CARs it holds, by shard CID. */
export class MemoryIndexWorker implements IndexWorkerPort {
  readonly shards = new Map<string, Uint8Array>()
  /** The protocol whose key a shard is under, when not its own (`shards` holds the bytes). */
  readonly storedAs = new Map<string, ShardProtocol>()
  requests = 0

  async indexShard(
    shard: ShardInfo,
    onBlock: (block: IndexedBlock) => void
  ): Promise<{ atProtocolKey: boolean }> {
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
    return {
      atProtocolKey:
        (this.storedAs.get(shard.cid) ?? shard.protocol) === shard.protocol,
    }
  }
}
