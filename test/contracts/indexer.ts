import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { Signer } from '@ucanto/interface'
import { ed25519 } from '@ucanto/principal'
import { CID } from 'multiformats/cid'
import { base58btc } from 'multiformats/bases/base58'
import { sha256 } from 'multiformats/hashes/sha2'
import { TransientError } from '../../src/failures/index.js'
import { CAR_CODEC } from '../../src/migration/car-codec.js'
import { signLocationClaim } from '../../src/migration/claims/claim.js'
import { httpMultiaddr } from '../../src/migration/claims/multiaddr.js'
import {
  type IndexerPort,
  MAX_HASHES_PER_QUERY,
} from '../../src/migration/ports.js'

export interface IndexerContext {
  indexer: IndexerPort
  /** Signs location claims, as the upload service's did:web does. */
  claimSigner: Signer
  /** Fails the indexer's next request as a 5xx would. */
  failNext(): void
}

const newShard = async () =>
  CID.create(1, CAR_CODEC, await sha256.digest(randomBytes(64)))
const newSpace = async () => (await ed25519.generate()).did()
const ADDRESSES = [
  httpMultiaddr('http://127.0.0.1:1/claim/{claim}').bytes,
  httpMultiaddr('http://127.0.0.1:1/{blob}/{blob}.blob').bytes,
]

async function cache(ctx: IndexerContext, shard: CID, space: string) {
  const claim = await signLocationClaim(ctx.claimSigner, {
    space,
    digest: shard.multihash,
    url: `http://127.0.0.1:1/${base58btc.encode(shard.multihash.bytes)}.blob`,
    size: 64,
  })
  const issuer = ctx.claimSigner.withDID(ctx.claimSigner.toDIDKey())
  await ctx.indexer.cacheClaims([{ issuer, claim, addresses: ADDRESSES }])
}

/** What every indexer port must do; run against the sandbox indexer and the in-memory fake. */
export const indexerContract: Record<
  string,
  (ctx: IndexerContext) => Promise<void>
> = {
  'answers nothing for content it does not know': async ({ indexer }) => {
    const answer = await indexer.query([(await newShard()).multihash])
    assert.deepEqual(answer, {
      indexClaims: [],
      indexes: [],
      locations: [],
    })
  },
  'finds a cached location claim by its space, and not by another': async (
    ctx
  ) => {
    const shard = await newShard()
    const space = await newSpace()
    await cache(ctx, shard, space)
    const z = base58btc.encode(shard.multihash.bytes)
    const found = await ctx.indexer.query([shard.multihash], {
      kind: 'location',
      spaces: [space],
    })
    assert.deepEqual(
      found.locations.map((l) => [l.content, l.space]),
      [[z, space]]
    )
    const other = await ctx.indexer.query([shard.multihash], {
      kind: 'location',
      spaces: [await newSpace()],
    })
    assert.equal(other.locations.length, 0)
  },
  'caches the same claim twice as one': async (ctx) => {
    const shard = await newShard()
    const space = await newSpace()
    await cache(ctx, shard, space)
    await cache(ctx, shard, space)
    const found = await ctx.indexer.query([shard.multihash], {
      kind: 'location',
    })
    assert.equal(found.locations.length, 1)
  },
  [`answers many hashes in one query, and refuses more than ${MAX_HASHES_PER_QUERY}`]:
    async ({ indexer }) => {
      const shards = await Promise.all(
        Array.from({ length: MAX_HASHES_PER_QUERY }, newShard)
      )
      const answer = await indexer.query(
        shards.map((s) => s.multihash),
        { kind: 'location' }
      )
      assert.equal(answer.locations.length, 0)
      await assert.rejects(
        indexer.query([...shards, await newShard()].map((s) => s.multihash)),
        RangeError
      )
    },
  'fails transiently when the service fails, never answering "none"': async (
    ctx
  ) => {
    ctx.failNext()
    await assert.rejects(
      ctx.indexer.query([(await newShard()).multihash]),
      TransientError
    )
  },
}
