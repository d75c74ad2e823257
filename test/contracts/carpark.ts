import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { base58btc } from 'multiformats/bases/base58'
import { carparkUrl } from '../../src/migration/claims/locate.js'
import type { CarparkPort, ShardProtocol } from '../../src/migration/ports.js'
import { encodeUpload } from '../../src/sandbox/seed/encode-upload.js'

export interface CarparkContext {
  carpark: CarparkPort
  /** Puts a shard's CAR where the carpark serves it (its key by protocol). */
  putShard(
    cid: string,
    bytes: Uint8Array,
    protocol: ShardProtocol
  ): Promise<void>
}

const PROTOCOLS = ['blob', 'store'] as const

const newShard = async () => {
  const { shards } = await encodeUpload(randomBytes(500))
  const shard = shards[0]!
  return {
    cid: shard.cid.toString(),
    z: base58btc.encode(shard.cid.multihash.bytes),
    bytes: shard.bytes,
  }
}

/** What every carpark port must do; run against the sandbox carpark and the fake. */
export const carparkContract: Record<
  string,
  (ctx: CarparkContext) => Promise<void>
> = {
  'names the blob by multihash and the store shard by CID in its templates':
    async ({ carpark }) => {
      assert.match(carpark.templates.blob, /\{blob\}/)
      assert.doesNotMatch(carpark.templates.blob, /\{blobCID\}/)
      assert.match(carpark.templates.store, /\{blobCID\}/)
      assert.doesNotMatch(carpark.templates.store, /\{blob\}/)
    },
  'finds a stored shard at its filled template URL, for both protocols': async (
    ctx
  ) => {
    for (const protocol of PROTOCOLS) {
      const shard = await newShard()
      await ctx.putShard(shard.cid, shard.bytes, protocol)
      const url = carparkUrl(ctx.carpark, { ...shard, protocol }, shard.z)
      assert.equal(await ctx.carpark.exists(url), true, protocol)
    }
  },
  'does not find a missing shard, nor one stored with the other protocol':
    async (ctx) => {
      for (const protocol of PROTOCOLS) {
        const missing = await newShard()
        const url = carparkUrl(ctx.carpark, { ...missing, protocol }, missing.z)
        assert.equal(await ctx.carpark.exists(url), false, protocol)
        const other = protocol === 'blob' ? 'store' : 'blob'
        const stored = await newShard()
        await ctx.putShard(stored.cid, stored.bytes, other)
        const elsewhere = carparkUrl(
          ctx.carpark,
          { ...stored, protocol },
          stored.z
        )
        assert.equal(await ctx.carpark.exists(elsewhere), false, protocol)
      }
    },
}
