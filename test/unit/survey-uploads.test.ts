import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  migrateUpload,
  verifyOutcomes,
} from '../../src/migration/migrate-upload.js'
import { surveyUploads } from '../../src/migration/survey-uploads.js'
import { fakeUploadWorld } from '../fakes/upload-world.js'

/** A page's uploads as the page activity runs them: one survey, each upload, one verification. */
async function migratePage(
  world: Awaited<ReturnType<typeof fakeUploadWorld>>,
  uploads: Awaited<ReturnType<typeof world.addUpload>>[]
) {
  const contexts = await surveyUploads(world.ports, uploads, 'full')
  const outcomes = await Promise.all(
    uploads.map((u, i) => migrateUpload(world.ports, u, 'full', contexts[i]))
  )
  return verifyOutcomes(world.ports, outcomes, 'full')
}

describe('a page of uploads in batched reads', () => {
  it('checks, sizes and verifies 60 uploads in a handful of queries, with the outcomes of one at a time', async () => {
    const world = await fakeUploadWorld()
    const uploads = await Promise.all(
      Array.from({ length: 60 }, () => world.addUpload({ bytes: 2_500 }))
    )
    const shards = uploads.flatMap((u) => u.shards).length
    assert.ok(shards > 100, 'more shards than one batch of 100 keys')
    const outcomes = await migratePage(world, uploads)
    assert.deepEqual(
      outcomes.map((o) => o.status),
      uploads.map(() => 'migrated'),
      outcomes.find((o) => o.error)?.error
    )
    assert.ok(outcomes.every((o) => o.toVerify === undefined))
    const reads = world.indexer.queries.filter((q) => q.hashes > 1)
    // Survey: 1 root query, 1 location query; verification the same (claims all found).
    assert.equal(reads.length, 4, JSON.stringify(world.indexer.queries))
    assert.equal(world.sizes.allocation.calls, 1, 'all sizes in one lookup')
    assert.equal(world.sizes.store.calls, 0)
    const again = await migratePage(world, uploads)
    assert.deepEqual(
      again.map((o) => o.status),
      uploads.map(() => 'already-migrated')
    )
  })

  it('leaves each upload to check alone when the indexer fails the batch', async () => {
    const world = await fakeUploadWorld()
    const uploads = await Promise.all(
      Array.from({ length: 3 }, () => world.addUpload())
    )
    world.indexer.failNext()
    const contexts = await surveyUploads(world.ports, uploads, 'full')
    assert.ok(contexts.every((c) => c.checked === undefined))
    const outcomes = await migratePage(world, uploads)
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['migrated', 'migrated', 'migrated']
    )
  })

  it('gives an upload without shards or index its own failure, and the page its answers', async () => {
    const world = await fakeUploadWorld()
    const good = await world.addUpload()
    const bare = await world.addUpload({ noShardsInRow: true })
    const outcomes = await migratePage(world, [good, bare])
    assert.deepEqual(
      outcomes.map((o) => [o.status, o.reason]),
      [
        ['migrated', undefined],
        ['failed', 'NO_SHARDS_NO_INDEX'],
      ]
    )
  })

  it('fails verification of one upload of the batch, not the others', async () => {
    const world = await fakeUploadWorld()
    const uploads = await Promise.all(
      Array.from({ length: 3 }, () => world.addUpload())
    )
    const contexts = await surveyUploads(world.ports, uploads, 'full')
    const outcomes = await Promise.all(
      uploads.map((u, i) => migrateUpload(world.ports, u, 'full', contexts[i]))
    )
    // Verification of the second one is asked about shards the indexer never saw.
    const broken = outcomes.map((o, i) =>
      i === 1
        ? {
            ...o,
            toVerify: {
              ...o.toVerify!,
              shards: uploads[0]!.shards.map(() => uploads[2]!.root),
            },
          }
        : o
    )
    const verified = await verifyOutcomes(world.ports, broken, 'full')
    assert.deepEqual(
      verified.map((o) => [o.status, o.reason]),
      [
        ['migrated', undefined],
        ['failed', 'VERIFICATION_FAILED'],
        ['migrated', undefined],
      ]
    )
  })
})
