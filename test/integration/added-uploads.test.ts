import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { toItem } from '../../src/services/dynamo/upload-table.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

/** One space of uploads that all migrate (the seeder's first kinds are the normal ones). */
const world = await migrationWorld({
  seed: 'added',
  customers: 1,
  spacesPerCustomer: 1,
  uploadsPerSpace: 5,
})
const [customer] = world.customers as [string]
const space = world.uploads[0]!.space
const table = world.config.dynamo.tables.upload

describe('uploads added to a space while it is migrated', () => {
  it('leave the space pending when added behind the pass, and the next run migrates them', async () => {
    // The first upload in root order leaves the table, to come back once the pass is past it.
    const first = [...world.uploads].sort((a, b) =>
      a.root < b.root ? -1 : 1
    )[0]!
    const row = (await world.tables.upload.get(space, first.root))!
    await world.dynamo.send(
      new DeleteCommand({ TableName: table, Key: { space, root: first.root } })
    )
    world.sandbox.indexer.faults.set({ latencyMs: 300 })
    const handle = await world.startInstance('added', {
      tuning: { pageSize: 1, uploadConcurrency: 1 },
    })
    const result = await world.withWorker(async () => {
      for (;;) {
        const progress = await world.tables.migrationProgress.get(
          customer,
          space
        )
        if ((progress?.completedUploads ?? 0) >= 1) break
        await sleep(100)
      }
      await world.dynamo.send(
        new PutCommand({ TableName: table, Item: toItem(row) })
      )
      return handle.result()
    })
    world.sandbox.indexer.faults.set({})
    assert.equal(result.status, 'partial')
    assert.equal(result.processed, world.uploads.length - 1)
    const pending = await world.tables.migrationProgress.get(customer, space)
    assert.equal(pending?.status, 'pending')
    assert.equal(pending?.totalUploads, world.uploads.length)
    assert.match(pending?.error ?? '', /1 uploads were added/)

    const again = await world.withWorker(async () =>
      (await world.startInstance('added-again')).result()
    )
    assert.equal(again.status, 'completed')
    assert.equal(again.processed, world.uploads.length, 'the added one too')
    assert.equal(again.failed, 0)
    const done = await world.tables.migrationProgress.get(customer, space)
    assert.equal(done?.status, 'completed')
    assertNoDuplicateSideEffects(world.sandbox)
  })
})
