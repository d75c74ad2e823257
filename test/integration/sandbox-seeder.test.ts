import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MemoryBlobStore } from '../../src/services/object-store/local.js'
import { useTables } from '../../src/services/dynamo/index.js'
import {
  DEFAULT_SEED_OPTIONS,
  UPLOAD_QUIRKS,
  UPLOAD_STATES,
} from '../../src/sandbox/seed/plan.js'
import {
  type SeededUpload,
  seedLegacyWorld,
  type SeedIndexer,
} from '../../src/sandbox/seed/seed-legacy-world.js'
import { freshTables, testStack } from '../helpers/stack.js'

const env = await testStack()

/** Records what the seeder asks of the indexer (the real sandbox indexer is tested on its own). */
function recordingIndexer() {
  const calls: { kind: string; space?: string; subject: string }[] = []
  const indexer: SeedIndexer = {
    async publishLocationClaim({ shard, space }) {
      calls.push({ kind: 'location', space, subject: shard.cid.toString() })
    },
    async publishIndex({ root, space }) {
      calls.push({ kind: 'index', space, subject: root.toString() })
    },
  }
  return { indexer, calls }
}

async function seedInto(options: Partial<typeof DEFAULT_SEED_OPTIONS>) {
  const { client, names } = await freshTables(env)
  const carpark = new MemoryBlobStore()
  const { indexer, calls } = recordingIndexer()
  const uploads: SeededUpload[] = []
  const report = await seedLegacyWorld(
    { ...DEFAULT_SEED_OPTIONS, ...options },
    {
      client,
      tables: names,
      carpark,
      carparkUrl: 'http://carpark.test',
      delegations: new MemoryBlobStore(),
      indexer,
    },
    (u) => uploads.push(u)
  )
  return { report, uploads, calls, tables: useTables(client, names), carpark }
}

describe('legacy world seeder', () => {
  it('is reproducible for a seed and covers every state and awkward case', async () => {
    const options = {
      seed: 'repro',
      customers: 10,
      spacesPerCustomer: 2,
      uploadsPerSpace: 2,
    }
    const first = await seedInto(options)
    const second = await seedInto(options)
    assert.deepEqual(second.uploads, first.uploads)
    assert.deepEqual(second.calls, first.calls)
    assert.deepEqual(second.report, first.report)
    for (const state of UPLOAD_STATES)
      assert.ok(first.report.byState[state], `state ${state} seeded`)
    for (const quirk of UPLOAD_QUIRKS)
      assert.ok(first.report.byQuirk[quirk], `quirk ${quirk} seeded`)
    assert.ok(first.report.emptySpaces > 0)
    assert.ok(first.report.spacesWithoutOwnerDelegation > 0)
    const customers = new Set(first.uploads.map((u) => u.customer))
    assert.ok(
      [...customers].some((c) => c.startsWith('did:mailto:mailslurp.com:')),
      'a skip-listed customer'
    )
    assert.ok(
      [...customers].some((c) => !c.startsWith('did:mailto:')),
      'a customer that is not did:mailto'
    )
    const other = await seedInto({ ...options, seed: 'other' })
    assert.notDeepEqual(
      other.uploads.map((u) => u.root),
      first.uploads.map((u) => u.root)
    )
  })

  it('writes each upload as the migration will read it', async () => {
    const { uploads, tables, carpark, calls } = await seedInto({
      seed: 'rows',
      customers: 2,
      uploadsPerSpace: 7,
    })
    for (const upload of uploads) {
      const row = await tables.upload.get(upload.space, upload.root)
      assert.ok(row, `row of ${upload.root}`)
      const rowless =
        upload.quirk === 'no-shards-in-row' ||
        upload.quirk === 'no-shards-no-index'
      assert.deepEqual(row.shards, rowless ? [] : [...upload.shards].sort())
      assert.equal(
        await tables.consumer.customerOfSpace(upload.space),
        upload.customer
      )
      const indexed = calls.some(
        (c) => c.kind === 'index' && c.subject === upload.root
      )
      assert.equal(
        indexed,
        upload.state === 'index-only' || upload.state === 'complete'
      )
    }
    const normal = uploads.find(
      (u) => u.quirk === 'normal' && u.state === 'not-started'
    )
    assert.ok(normal)
    const { CID } = await import('multiformats/cid')
    const { base58btc } = await import('multiformats/bases/base58')
    const shard = CID.parse(normal.shards[0] ?? '')
    const multihash = base58btc.encode(shard.multihash.bytes)
    const size = await tables.allocation.getSize(normal.space, multihash)
    assert.equal(
      size,
      (await carpark.get(`${multihash}/${multihash}.blob`))?.length
    )
    const store = uploads.find((u) => u.quirk === 'store-protocol')
    assert.ok(store)
    const storeShard = store.shards[0] ?? ''
    assert.equal(
      await tables.store.getSize(store.space, storeShard),
      (await carpark.get(`${storeShard}/${storeShard}.car`))?.length
    )
    const missing = uploads.find((u) => u.quirk === 'missing-blob')
    assert.ok(missing)
    const missingShard = CID.parse(missing.shards[0] ?? '')
    const missingMh = base58btc.encode(missingShard.multihash.bytes)
    assert.equal(await carpark.get(`${missingMh}/${missingMh}.blob`), undefined)
    assert.ok(await tables.allocation.getSize(missing.space, missingMh))
  })

  it('makes many uploads quickly in metadata-only mode', async () => {
    const { report, carpark } = await seedInto({
      seed: 'scale',
      metadataOnly: true,
      customers: 5,
      spacesPerCustomer: 2,
      uploadsPerSpace: 100,
      largeSpaces: 1,
      largeSpaceUploads: 1000,
    })
    assert.equal(report.uploads, 1000 + 100 * 7)
    assert.equal(report.bytes, 0)
    assert.equal(await carpark.size('anything'), undefined)
  })
})
