import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { UPLOAD_ATTEMPT_BUDGET } from '../../src/activities/attempt-budget.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

const world = await migrationWorld({
  seed: 'poison',
  customers: 2,
  spacesPerCustomer: 1,
  uploadsPerSpace: 5,
})

const EXPECTED_FAILURES: Record<string, string> = {
  'no-shards-no-index': 'NO_SHARDS_NO_INDEX',
  'missing-size': 'SHARD_SIZE_UNKNOWN',
  'missing-blob': 'SHARD_NOT_FOUND',
}

const poison = world.uploads.find(
  (u) => u.quirk === 'normal' && u.state === 'not-started'
)!
const poisonDigest = base58btc.encode(CID.parse(poison.root).multihash.bytes)
const ofSpace = (space: string) =>
  world.uploads.filter((u) => u.space === space)

const failures = world.failureRows

describe('a poison upload (the indexer answers 500 for its root)', () => {
  it('is recorded with INDEXING_SERVICE_500 at check while the rest of its space completes', async () => {
    world.sandbox.indexer.failingQueries.set(poisonDigest, 0)
    // Pages of three: the poison root's space has a page after the poison root's.
    const handle = await world.startInstance('poison', {
      tuning: { pageSize: 3 },
    })
    const result = await world.withWorker(() => handle.result())
    assert.equal(result.processed, world.uploads.length)
    assert.equal(
      world.sandbox.indexer.failingQueries.get(poisonDigest),
      UPLOAD_ATTEMPT_BUDGET + 1,
      'one check of its own per attempt of its budget, and the failed batch of the first'
    )

    const rows = await failures()
    const poisonRow = rows.find((r) => r.root === poison.root)
    assert.equal(poisonRow?.reason, 'INDEXING_SERVICE_500')
    assert.equal(poisonRow?.step, 'check')
    assert.match(poisonRow?.error ?? '', /HTTP 500/)
    for (const row of rows.filter((r) => r.root !== poison.root)) {
      const upload = world.uploads.find((u) => u.root === row.root)
      assert.equal(
        row.reason,
        upload && EXPECTED_FAILURES[upload.quirk],
        `only the poison root and the seeded awkward uploads fail (${row.root})`
      )
    }

    const space = ofSpace(poison.space)
    const spaceRow = await world.tables.migrationProgress.get(
      poison.customer,
      poison.space
    )
    assert.equal(spaceRow?.status, 'failed')
    assert.equal(
      spaceRow?.completedUploads,
      space.length,
      'every upload of the space processed'
    )
    const failedHere = rows.filter((r) => r.space === poison.space).length
    assert.equal(
      spaceRow?.error,
      `${failedHere} uploads failed (see migration-failures)`
    )
    // The space's other uploads that needed an index got one; the poison root none.
    const indexed = new Set(
      world.sandbox.ledger.find('index-registered').map((e) => e.root)
    )
    for (const u of space.filter(
      (u) => u.state === 'not-started' && u.quirk === 'normal'
    ))
      assert.equal(indexed.has(u.root), u !== poison, u.root)
    for (const other of new Set(world.uploads.map((u) => u.space))) {
      if (other === poison.space) continue
      const row = await world.tables.migrationProgress.get(
        ofSpace(other)[0]!.customer,
        other
      )
      const expected = rows.some((r) => r.space === other)
        ? 'failed'
        : 'completed'
      assert.equal(row?.status, expected, other)
    }
    assertNoDuplicateSideEffects(world.sandbox)
  })

  it('migrates on --retry-failed once the indexer answers for it', async () => {
    world.sandbox.indexer.failingQueries.delete(poisonDigest)
    const handle = await world.startInstance('poison-retry', {
      onlyFailed: true,
    })
    await world.withWorker(() => handle.result())
    const rows = await failures()
    assert.ok(!rows.some((r) => r.root === poison.root))
    assert.ok(
      world.sandbox.ledger
        .find('index-registered')
        .some((e) => e.root === poison.root)
    )
    assertNoDuplicateSideEffects(world.sandbox)
  })
})
