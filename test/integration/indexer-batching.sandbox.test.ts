import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, describe, it } from 'node:test'
import { ed25519 } from '@ucanto/principal'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { TransientError } from '../../src/failures/index.js'
import { CAR_CODEC } from '../../src/migration/car-codec.js'
import { signLocationClaim } from '../../src/migration/claims/claim.js'
import { httpMultiaddr } from '../../src/migration/claims/multiaddr.js'
import { startSandbox } from '../../src/sandbox/sandbox.js'
import { createIndexer } from '../../src/services/indexer/indexer.js'
import { parseProof } from '../../src/services/indexer/proof.js'

const sandbox = await startSandbox({ seed: 'indexer-batching' })
after(() => sandbox.close())
const indexer = createIndexer({
  url: sandbox.indexer.url,
  did: sandbox.indexer.did,
  proof: await parseProof(sandbox.env.INDEXING_SERVICE_PROOF ?? ''),
  timeoutMs: 5_000,
  batching: { maxInvocations: 50, windowMs: 20 },
})
const signer = sandbox.ids.uploadService
const ADDRESSES = [httpMultiaddr('http://127.0.0.1:1/{blob}/{blob}.blob').bytes]
const newCid = async (codec = CAR_CODEC) =>
  CID.create(1, codec, await sha256.digest(randomBytes(64)))

async function claimOf(shard: CID) {
  return signLocationClaim(signer, {
    space: (await ed25519.generate()).did(),
    digest: shard.multihash,
    url: `http://127.0.0.1:1/${base58btc.encode(shard.multihash.bytes)}.blob`,
    size: 64,
  })
}

/** Requests the sandbox indexer serves while `run` runs. */
async function requestsDuring(run: () => Promise<unknown>) {
  const before = sandbox.indexer.requests
  await run()
  return sandbox.indexer.requests - before
}

describe('the indexer client sends concurrent callers in one request', () => {
  it('caches the claims of 9 callers in one request; the one refused fails alone', async () => {
    const shards = await Promise.all(Array.from({ length: 9 }, () => newCid()))
    const claims = await Promise.all(shards.map(claimOf))
    const didKey = signer.withDID(signer.toDIDKey())
    let results: PromiseSettledResult<void>[] = []
    const requests = await requestsDuring(async () => {
      results = await Promise.allSettled(
        claims.map((claim, i) =>
          indexer.cacheClaims([
            // The indexer takes claim/cache from a did:key only: the did:web issuer is refused.
            { issuer: i === 4 ? signer : didKey, claim, addresses: ADDRESSES },
          ])
        )
      )
    })
    assert.equal(requests, 1)
    assert.deepEqual(
      results.map((r) => r.status),
      claims.map((_, i) => (i === 4 ? 'rejected' : 'fulfilled'))
    )
    const found = await indexer.query(
      shards.map((s) => s.multihash),
      { kind: 'location' }
    )
    assert.equal(found.locations.length, 8)
  })

  it('gives each refused assert/index of a shared request its own error', async () => {
    const space = await ed25519.generate()
    const indexes = await Promise.all(Array.from({ length: 5 }, () => newCid()))
    let results: PromiseSettledResult<void>[] = []
    const requests = await requestsDuring(async () => {
      results = await Promise.allSettled(
        indexes.map(async (index) =>
          indexer.assertIndex({
            space,
            root: (await newCid(0x70)).toString(),
            index: index.toString(),
          })
        )
      )
    })
    assert.equal(requests, 1)
    for (const [i, result] of results.entries()) {
      assert.equal(result.status, 'rejected')
      assert.match(String(result.reason), new RegExp(indexes[i]!.toString()))
    }
  })

  it('fails every caller of a request the service fails, transiently', async () => {
    const claims = await Promise.all(
      [1, 2, 3].map(async () => claimOf(await newCid()))
    )
    const issuer = signer.withDID(signer.toDIDKey())
    sandbox.indexer.faults.next('error')
    const results = await Promise.allSettled(
      claims.map((claim) =>
        indexer.cacheClaims([{ issuer, claim, addresses: ADDRESSES }])
      )
    )
    for (const result of results) {
      assert.equal(result.status, 'rejected')
      assert.ok(result.reason instanceof TransientError, String(result.reason))
    }
  })
})
