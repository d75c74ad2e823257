import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { WorkflowHandle } from '@temporalio/client'
import type { InstanceResult } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

const world = await migrationWorld({
  seed: 'small-customers',
  customers: 4,
  spacesPerCustomer: 2,
  uploadsPerSpace: 3,
  largeSpaces: 1,
  largeSpaceUploads: 8,
})

// The large space (the first customer's) is over `smallSpaceUploads`: its customer gets a workflow.
const tuning = { smallSpaceUploads: 5, smallCustomerUploads: 100 }

/** The workflows the instance started, by ID. */
async function children(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? []
  return events.flatMap((e) => {
    const id = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId
    return id ? [id] : []
  })
}

describe('small customers in batch activities, end to end', () => {
  let first: InstanceResult

  it('migrates the small customers in batches and the one with a large space in its workflow; rows agree with the uploads', async () => {
    const handle = await world.startInstance('small-customers', { tuning })
    first = await world.withWorker(() => handle.result())
    assert.equal(first.processed, world.uploads.length)
    assert.equal(first.customers, world.customers.length)
    const started = await children(handle)
    assert.equal(started.length, 1, started.join(', '))
    for (const customer of world.customers) {
      const row = await world.tables.migrationCustomers.get(customer)
      const uploads = world.uploads.filter((u) => u.customer === customer)
      assert.equal(row?.completedUploads, uploads.length, customer)
      assert.notEqual(row?.status, 'in-progress')
    }
    for (const upload of world.uploads) {
      const row = await world.tables.migrationProgress.get(
        upload.customer,
        upload.space
      )
      assert.notEqual(row?.status, 'in-progress', upload.space)
    }
    assertNoDuplicateSideEffects(world.sandbox)
  })

  it('run again, skips the completed spaces and writes nothing', async () => {
    const before = world.sideEffects()
    const handle = await world.startInstance('small-customers-again', {
      tuning,
    })
    const again = await world.withWorker(() => handle.result())
    assert.equal(again.processed + (again.skipped ?? 0), first.processed)
    assert.equal(again.migrated, 0)
    assert.deepEqual(world.sideEffects(), before)
  })
})
