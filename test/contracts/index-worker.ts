import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { ShardNotFound } from '../../src/failures/index.js'
import type {
  IndexedBlock,
  IndexWorkerPort,
  ShardProtocol,
} from '../../src/migration/ports.js'
import { carBlocks } from '../../src/sandbox/car-sections.js'
import { encodeUpload } from '../../src/sandbox/seed/encode-upload.js'

export interface IndexWorkerContext {
  indexWorker: IndexWorkerPort
  /** Puts a shard's CAR where the index worker reads it (the carpark, by protocol). */
  putShard(
    cid: string,
    bytes: Uint8Array,
    protocol: ShardProtocol
  ): Promise<void>
}

/** What every index worker port must do; run against the sandbox worker and the fake. */
export const indexWorkerContract: Record<
  string,
  (ctx: IndexWorkerContext) => Promise<void>
> = {
  'lists every block of a shard, at its offset, for both protocols': async (
    ctx
  ) => {
    for (const protocol of ['blob', 'store'] as const) {
      const { shards } = await encodeUpload(randomBytes(5_000), {
        chunkSize: 256,
        shardSize: 64 * 1024,
      })
      const shard = shards[0]!
      const cid = shard.cid.toString()
      await ctx.putShard(cid, shard.bytes, protocol)
      const listed: IndexedBlock[] = []
      await ctx.indexWorker.indexShard(
        { cid, size: shard.bytes.length, protocol },
        (block) => listed.push(block)
      )
      const expected = [...carBlocks(shard.bytes)].map((b) => [
        Buffer.from(b.cid.multihash.bytes).toString('hex'),
        b.offset,
        b.length,
      ])
      assert.deepEqual(
        listed.map((b) => [
          Buffer.from(b.multihash).toString('hex'),
          b.offset,
          b.length,
        ]),
        expected,
        protocol
      )
    }
  },
  'finds a shard under another protocol’s key, and says it was not its own':
    async (ctx) => {
      const { shards } = await encodeUpload(randomBytes(2_000))
      const shard = shards[0]!
      const cid = shard.cid.toString()
      await ctx.putShard(cid, shard.bytes, 'store')
      const index = (protocol: 'blob' | 'store') => {
        const listed: IndexedBlock[] = []
        return ctx.indexWorker
          .indexShard({ cid, size: shard.bytes.length, protocol }, (b) =>
            listed.push(b)
          )
          .then((found) => ({ ...found, blocks: listed.length }))
      }
      const expected = [...carBlocks(shard.bytes)].length
      assert.deepEqual(await index('store'), {
        atProtocolKey: true,
        blocks: expected,
      })
      assert.deepEqual(await index('blob'), {
        atProtocolKey: false,
        blocks: expected,
      })
    },
  'fails with ShardNotFound for a shard in no carpark key': async (ctx) => {
    const { shards } = await encodeUpload(randomBytes(500))
    const shard = shards[0]!
    await assert.rejects(
      ctx.indexWorker.indexShard(
        {
          cid: shard.cid.toString(),
          size: shard.bytes.length,
          protocol: 'blob',
        },
        () => {}
      ),
      ShardNotFound
    )
  },
}
