import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runMonitor } from '../../src/client/monitor/index.js'
import { runStats } from '../../src/client/stats/index.js'
import type { UploadFailure } from '../../src/services/dynamo/migration-failures-table.js'
import { migrationWorld } from '../helpers/migration-world.js'

const world = await migrationWorld({
  seed: 'verification-failed',
  customers: 1,
  spacesPerCustomer: 1,
  uploadsPerSpace: 8,
})

async function print(
  run: (out: { write(text: string): void }) => Promise<unknown>
) {
  let text = ''
  await run({ write: (chunk) => (text += chunk) })
  return text
}

describe('a verification that disagrees after the migration wrote', () => {
  it('records VERIFICATION_FAILED at verify, and the rest of the space migrates', async () => {
    // The indexer accepts each new index but does not show it yet: verification disagrees.
    world.sandbox.indexer.lag.indexes = true
    const handle = await world.startInstance('verification-failed')
    const result = await world.withWorker(() => handle.result())
    assert.equal(result.processed, world.uploads.length)

    const [space] = new Set(world.uploads.map((u) => u.space))
    const failures = new Map<string, UploadFailure>()
    for await (const page of world.tables.migrationFailures.bySpace(space!))
      for (const failure of page) failures.set(failure.root, failure)
    // The uploads that needed an index got one written, and then failed their verification.
    const indexed = world.uploads.filter(
      (u) =>
        u.quirk === 'normal' &&
        (u.state === 'not-started' || u.state === 'claims-only')
    )
    assert.ok(indexed.length > 0, 'the seeded world has uploads without index')
    // Seeded indexes leave no ledger entry: these are the ones this run registered.
    assert.ok(
      world.sandbox.ledger.count('index-registered') >= indexed.length,
      'an index was written for each'
    )
    for (const upload of indexed) {
      const failure = failures.get(upload.root)
      assert.ok(failure, `${upload.root} (${upload.state}) recorded`)
      assert.equal(failure.reason, 'VERIFICATION_FAILED')
      assert.equal(failure.step, 'verify')
      assert.match(failure.error, /index missing/)
    }
    // An upload whose index was there before is verified as migrated.
    for (const upload of world.uploads.filter(
      (u) => u.quirk === 'normal' && u.state === 'complete'
    ))
      assert.equal(failures.has(upload.root), false, upload.root)

    const count = [...failures.values()].filter(
      (f) => f.reason === 'VERIFICATION_FAILED'
    ).length
    assert.match(
      await print((out) => runStats(world.tables, {}, out)),
      new RegExp(`\\n {2}VERIFICATION_FAILED +${count}\\n`)
    )
    assert.match(
      await print((out) =>
        runMonitor(world.tables, {}, out, { timeZone: 'UTC' })
      ),
      new RegExp(`\\n {2}VERIFICATION_FAILED: ${count}\\n`)
    )
  })
})
