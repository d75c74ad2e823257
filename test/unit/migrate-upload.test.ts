import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CID } from 'multiformats/cid'
import { base32 } from 'multiformats/bases/base32'
import { base58btc } from 'multiformats/bases/base58'
import { ServiceUnavailable, TransientError } from '../../src/failures/index.js'
import { migrateUpload } from '../../src/migration/migrate-upload.js'
import { MAX_HASHES_PER_QUERY } from '../../src/migration/ports.js'
import { fakeUploadWorld } from '../fakes/upload-world.js'

describe('migrating one upload over in-memory ports', () => {
  it('gives a not-started upload its index and claims, then writes nothing the second time', async () => {
    const world = await fakeUploadWorld()
    const upload = await world.addUpload()
    const first = await migrateUpload(world.ports, upload)
    assert.equal(first.status, 'migrated', first.error)
    assert.equal(first.wrote.index, true)
    assert.deepEqual(first.wrote.claims, upload.shards)
    assert.equal(world.ipni.blob.jobs.length, upload.shards.length)
    const before = world.writes()
    const second = await migrateUpload(world.ports, upload)
    assert.equal(second.status, 'already-migrated')
    assert.deepEqual(world.writes(), before)
  })

  it('looks every shard size up in one batch per table', async () => {
    const world = await fakeUploadWorld()
    const upload = await world.addUpload({ protocol: 'store', bytes: 6_000 })
    assert.ok(upload.shards.length > 2)
    await migrateUpload(world.ports, upload)
    assert.equal(world.sizes.allocation.calls, 1)
    assert.equal(world.sizes.store.calls, 1)
  })

  for (const [quirk, options, reason, step] of [
    ['no size record', { missingSize: true }, 'SHARD_SIZE_UNKNOWN', 'index'],
    ['no bytes anywhere', { missingBytes: true }, 'SHARD_NOT_FOUND', 'index'],
    [
      'no shards and no index',
      { noShardsInRow: true },
      'NO_SHARDS_NO_INDEX',
      'check',
    ],
  ] as const)
    it(`records "${quirk}" as ${reason} at ${step}`, async () => {
      const world = await fakeUploadWorld()
      const outcome = await migrateUpload(
        world.ports,
        await world.addUpload(options)
      )
      assert.equal(outcome.status, 'failed')
      assert.equal(outcome.reason, reason)
      assert.equal(outcome.step, step)
    })

  it('throws a transient failure when the indexer cannot answer, and repair claims every shard instead', async () => {
    const world = await fakeUploadWorld()
    const upload = await world.addUpload()
    world.indexer.failNext()
    await assert.rejects(migrateUpload(world.ports, upload), TransientError)
    world.indexer.failNext()
    const repaired = await migrateUpload(world.ports, upload, 'repair')
    assert.equal(repaired.status, 'migrated')
    assert.equal(repaired.wrote.index, false)
    assert.deepEqual(repaired.wrote.claims, upload.shards)
  })

  it('treats a refused write (ServiceUnavailable) as transient, never as the upload’s failure', async () => {
    const world = await fakeUploadWorld()
    world.uploadService.writesDisabled = true
    await assert.rejects(
      migrateUpload(world.ports, await world.addUpload()),
      ServiceUnavailable
    )
  })

  it('records a verification that disagrees after the writes as VERIFICATION_FAILED; read-only, the gap the verdict names, never one from the text', async () => {
    const world = await fakeUploadWorld()
    const upload = await world.addUpload()
    // A shard CID whose text contains "index": the gap message names it.
    const shard = cidContaining(upload.shards[0]!, 'index')
    const odd = { ...upload, shards: [shard] }
    world.sizes.allocation.put(upload.space, multihashOf(shard), 1_000)
    world.indexWorker.shards.set(
      shard,
      world.indexWorker.shards.get(upload.shards[0]!)!
    )
    world.carpark.urls.add(
      world.carpark.templates.blob.replaceAll('{blob}', multihashOf(shard))
    )
    world.indexer.lagging = true
    const outcome = await migrateUpload(world.ports, odd)
    assert.equal(outcome.status, 'failed')
    assert.equal(outcome.wrote.index, true)
    assert.deepEqual(outcome.wrote.claims, [shard])
    assert.equal(outcome.step, 'verify')
    assert.equal(outcome.reason, 'VERIFICATION_FAILED')
    assert.match(
      outcome.error ?? '',
      new RegExp(`shard ${shard} lacks location`)
    )
    // Read-only, the reason says what is missing: the claim, though the text names "index".
    const reported = await migrateUpload(world.ports, odd, 'verify-only')
    assert.equal(reported.status, 'failed')
    assert.match(reported.error ?? '', /index/)
    assert.equal(reported.reason, 'LOCATION_CLAIMS_MISSING')
  })

  it('gives a root uploaded again with other shards an index of its own, and verifies each by its own', async () => {
    const world = await fakeUploadWorld()
    const first = await world.addUpload()
    assert.equal((await migrateUpload(world.ports, first)).status, 'migrated')
    const other = await world.addUpload()
    const again = { ...other, root: first.root }
    const outcome = await migrateUpload(world.ports, again)
    assert.equal(outcome.status, 'migrated', outcome.error)
    assert.equal(
      outcome.wrote.index,
      true,
      'the first upload’s index is not its own'
    )
    const verified = await migrateUpload(world.ports, again, 'verify-only')
    assert.equal(verified.status, 'verified', verified.error)
  })

  it('takes the shards of a row without any from its own index only', async () => {
    const world = await fakeUploadWorld()
    const upload = await world.addUpload()
    await migrateUpload(world.ports, upload)
    const bare = { ...upload, shards: [] }
    const outcome = await migrateUpload(world.ports, bare, 'verify-only')
    assert.equal(outcome.status, 'verified', outcome.error)
  })

  it(`asks about at most ${MAX_HASHES_PER_QUERY} shards per query`, async () => {
    const world = await fakeUploadWorld()
    const upload = await world.addUpload({ bytes: 2_000 })
    const many = Array.from({ length: 450 }, (_, i) =>
      cidContaining(upload.shards[0]!, base32Text(i))
    )
    await migrateUpload(world.ports, { ...upload, shards: many }, 'verify-only')
    const largest = Math.max(...world.indexer.queries.map((q) => q.hashes))
    assert.ok(largest <= MAX_HASHES_PER_QUERY, `${largest} hashes in one query`)
  })
})

/** A CAR CID like `cid` whose base32 text carries `text` inside its digest. */
function cidContaining(cid: string, text: string): string {
  const chars = cid.split('')
  chars.splice(20, text.length, ...text)
  const parsed = CID.parse(chars.join(''), base32)
  return parsed.toString()
}

const multihashOf = (cid: string) =>
  base58btc.encode(CID.parse(cid).multihash.bytes)

/** `n` as 4 characters of the base32 alphabet. */
const base32Text = (n: number) =>
  [0, 1, 2, 3]
    .map((i) => 'abcdefghijklmnopqrstuvwxyz234567'[(n >> (5 * i)) & 31])
    .join('')
