import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { indexShardedDAG } from '@storacha/blob-index/util'
import { DigestMap } from '@storacha/blob-index'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import {
  NoShardsNoIndex,
  ShardNotFound,
  ShardSizeUnknown,
  TransientError,
} from '../../src/failures/index.js'
import { CAR_CODEC } from '../../src/migration/car-codec.js'
import { checkUpload } from '../../src/migration/check/check-upload.js'
import { buildIndexFromShards } from '../../src/migration/index/build-index.js'
import { shardInfo } from '../../src/migration/sizes/shard-info.js'
import { encodeUpload } from '../../src/sandbox/seed/encode-upload.js'
import { SeededRandom } from '../../src/sandbox/seed/random.js'
import { type SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import { createIndexWorker } from '../../src/services/index-worker.js'
import { createIndexer } from '../../src/services/indexer/indexer.js'
import { seededSandbox } from '../helpers/seeded-sandbox.js'

const { sandbox, tables, uploads } = await seededSandbox(
  { seed: 'check-index', customers: 3, uploadsPerSpace: 6 },
  { indexWorkerMaxBlocks: 3 }
)
const indexer = createIndexer({
  url: sandbox.indexer.url,
  did: sandbox.env.INDEXING_SERVICE_DID ?? '',
  timeoutMs: 5_000,
})
const workerOptions = {
  url: sandbox.indexWorker.url,
  timeoutMs: 2_000,
  baseDelayMs: 10,
  maxAttempts: 3,
}
const indexWorker = createIndexWorker(workerOptions)

const find = (predicate: (u: SeededUpload) => boolean) => {
  const upload = uploads.find(predicate)
  assert.ok(upload, 'the seeded world has such an upload')
  return upload
}
const row = async (u: SeededUpload) => {
  const record = await tables.upload.get(u.space, u.root)
  assert.ok(record)
  return record
}
const sorted = (values: string[]) => [...values].sort()

describe('status check', () => {
  for (const [state, hasIndex, allNeedClaims] of [
    ['not-started', false, true],
    ['index-only', true, true],
    ['claims-only', false, false],
    ['claims-without-space', false, true],
    ['complete', true, false],
  ] as const) {
    it(`sees a ${state} upload as it is`, async () => {
      const upload = find((u) => u.state === state && u.quirk === 'normal')
      const status = await checkUpload(indexer, await row(upload))
      assert.equal(status.hasIndex, hasIndex)
      assert.deepEqual(
        sorted(status.shardsNeedingClaims),
        allNeedClaims ? sorted(upload.shards) : []
      )
    })
  }

  it('takes the shards from the index when the row has none', async () => {
    const upload = find((u) => u.quirk === 'no-shards-in-row')
    const status = await checkUpload(indexer, await row(upload))
    assert.deepEqual(sorted(status.shards), sorted(upload.shards))
  })

  it('fails an upload with neither shards nor index, permanently', async () => {
    const upload = find((u) => u.quirk === 'no-shards-no-index')
    await assert.rejects(
      checkUpload(indexer, await row(upload)),
      NoShardsNoIndex
    )
  })

  it('treats an indexer failure as transient, never as "nothing migrated"', async () => {
    const upload = find((u) => u.state === 'complete')
    sandbox.indexer.faults.next('error')
    await assert.rejects(
      checkUpload(indexer, await row(upload)),
      TransientError
    )
    assert.equal((await checkUpload(indexer, await row(upload))).hasIndex, true)
  })
})

describe('shard sizes', () => {
  it('finds blob shards in the allocation table and store shards in the store table', async () => {
    const blob = find((u) => u.quirk === 'normal')
    const info = await shardInfo(tables, blob.space, blob.shards[0] ?? '')
    assert.equal(info.protocol, 'blob')
    const store = find((u) => u.quirk === 'store-protocol')
    const storeInfo = await shardInfo(
      tables,
      store.space,
      store.shards[0] ?? ''
    )
    assert.equal(storeInfo.protocol, 'store')
    assert.ok(storeInfo.size > 0)
  })

  it('fails permanently for a shard with no size record', async () => {
    const upload = find((u) => u.quirk === 'missing-size')
    await assert.rejects(
      shardInfo(tables, upload.space, upload.shards[0] ?? ''),
      ShardSizeUnknown
    )
  })
})

const content = await encodeUpload(
  new SeededRandom('index-building').bytes(60_000),
  { shardSize: 16 * 1024 }
)
for (const shard of content.shards) {
  const mh = base58btc.encode(shard.cid.multihash.bytes)
  await sandbox.carpark.store.put(`${mh}/${mh}.blob`, shard.bytes)
}
const shards = content.shards.map((s) => ({
  cid: s.cid.toString(),
  size: s.bytes.length,
  protocol: 'blob' as const,
}))

describe('index building', () => {
  /** The index `@storacha/upload-client` builds from its own sharding stream's slices. */
  async function uploadClientIndexCid() {
    const shardIndexes = content.shards.map((s) => {
      const slices = new DigestMap([...s.slices])
      slices.set(s.cid.multihash, [0, s.bytes.length])
      return slices
    })
    const archived = await indexShardedDAG(
      content.root.toV1(),
      content.shards.map((s) => s.cid.toV1()) as Parameters<
        typeof indexShardedDAG
      >[1],
      shardIndexes
    )
    if (archived.error) throw archived.error
    return CID.create(1, CAR_CODEC, await sha256.digest(archived.ok)).toString()
  }

  it('gives the index the CID the upload client would, reading each shard in several resumed requests', async () => {
    assert.ok(content.shards.length >= 3)
    const built = await buildIndexFromShards(
      indexWorker,
      content.root.toString(),
      shards
    )
    assert.equal(built.cid, await uploadClientIndexCid())
  })

  it('indexes store-protocol shards of a seeded upload', async () => {
    const upload = find((u) => u.quirk === 'store-protocol')
    const infos = await Promise.all(
      upload.shards.map((s) => shardInfo(tables, upload.space, s))
    )
    const built = await buildIndexFromShards(indexWorker, upload.root, infos)
    assert.match(built.cid, /^bagbaiera/)
  })

  it('retries failed and hung requests and still builds the same index', async () => {
    sandbox.indexWorker.faults.next('error')
    sandbox.indexWorker.faults.next('rate-limit')
    sandbox.indexWorker.faults.next('reset')
    sandbox.indexWorker.faults.next('hang')
    const built = await buildIndexFromShards(
      createIndexWorker({ ...workerOptions, maxAttempts: 5 }),
      content.root.toString(),
      shards
    )
    assert.equal(built.cid, await uploadClientIndexCid())
  })

  it('gives up with a transient failure when the worker keeps failing', async () => {
    sandbox.indexWorker.faults.set({ errorRate: 1, retryAfterSeconds: 0 })
    try {
      await assert.rejects(
        buildIndexFromShards(indexWorker, content.root.toString(), shards),
        TransientError
      )
    } finally {
      sandbox.indexWorker.faults.clear()
    }
  })

  it('fails permanently for a shard missing from the carpark', async () => {
    const upload = find((u) => u.quirk === 'missing-blob')
    const infos = await Promise.all(
      upload.shards.map((s) => shardInfo(tables, upload.space, s))
    )
    await assert.rejects(
      buildIndexFromShards(indexWorker, upload.root, infos),
      ShardNotFound
    )
  })
})
