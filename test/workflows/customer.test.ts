import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { spaceWorkflowId } from '../../src/workflows/ids.js'
import { FakeWorld } from '../helpers/fake-world.js'
import {
  finishedRun,
  historyUntil,
  progressUntil,
  workflowHarness,
} from '../helpers/workflow-harness.js'

const harness = await workflowHarness()

const oneCustomer = (spaces: number, uploadsPerSpace: number) => {
  const world = new FakeWorld({
    customers: 1,
    spacesPerCustomer: spaces,
    uploadsPerSpace,
  })
  return { world, customer: world.customers[0]!, spaces: world.spaces }
}

describe('customer workflow', () => {
  it('without batches (smallSpaceUploads 0), prepares once, pages its spaces and runs them spaceConcurrency at a time', async () => {
    const { world, customer, spaces } = oneCustomer(5, 2)
    world.listPageCap = 2
    const gate = world.holdPages()
    const run = { env: world.env, mode: 'full' as const }
    const result = await harness.run(world, async (start) => {
      const handle = await start.customer(customer, {
        tuning: { spaceConcurrency: 2, smallSpaceUploads: 0 },
      })
      await world.until(() => gate.waiting >= 2)
      const full = await progressUntil(handle, () => true)
      assert.equal(full.running, 2)
      assert.deepEqual(
        full.runningChildren,
        spaces.slice(0, 2).map((s) => spaceWorkflowId(run, s))
      )
      gate.open()
      return handle.result()
    })
    assert.deepEqual(result, {
      customer,
      status: 'completed',
      processed: 10,
      migrated: 10,
      alreadyMigrated: 0,
      failed: 0,
      spaces: 5,
      spacesFailed: 0,
    })
    assert.equal(world.maxOpenSpaces.get(customer), 2)
    assert.deepEqual(
      world.callsOf('prepareCustomer').map((c) => c.input),
      [{ customer, track: true, createMigrationSpace: true }]
    )
    assert.deepEqual(
      world.callsOf('listCustomerSpaces').map((c) => c.input.cursor),
      [undefined, '2', '4']
    )
    assert.deepEqual(
      world
        .callsOf('beginSpace')
        .map((c) => c.input.space)
        .sort(),
      [...spaces].sort()
    )
    assert.deepEqual(world.customerRows.get(customer), {
      status: 'completed',
      completedSpaces: 5,
      completedUploads: 10,
      error: '',
    })
  })

  it('without batches, continues as new with its cursor, counts and spaces still running, prepared once', async () => {
    const { world, customer, spaces } = oneCustomer(7, 1)
    world.listPageCap = 2
    const { result, progress, continued } = await harness.run(
      world,
      async (start) => {
        const handle = await start.customer(customer, {
          tuning: {
            spaceConcurrency: 2,
            maxHistoryEvents: 25,
            smallSpaceUploads: 0,
          },
        })
        return finishedRun(handle)
      }
    )
    assert.ok(continued, 'the last run continued from an earlier one')
    assert.ok(progress.runs > 1, `${progress.runs} runs`)
    assert.equal(result.status, 'completed')
    assert.equal(result.spaces, 7)
    assert.equal(result.processed, 7)
    assert.equal(world.callsOf('prepareCustomer').length, 1, 'prepared once')
    const begun = world.callsOf('beginSpace').map((c) => c.input.space)
    assert.deepEqual([...begun].sort(), [...spaces].sort(), 'each space once')
    assert.deepEqual(
      world.callsOf('listCustomerSpaces').map((c) => c.input.cursor),
      [undefined, '2', '4', '6']
    )
    assert.ok(
      world
        .callsOf('recordCustomer')
        .some((c) => c.input.status === 'in-progress'),
      'the row shows a handover'
    )
    assert.equal(world.customerRows.get(customer)?.status, 'completed')
    assert.equal(world.customerRows.get(customer)?.completedUploads, 7)
  })

  it('ends failed when one of its spaces failed; the other spaces complete', async () => {
    const { world, customer, spaces } = oneCustomer(3, 2)
    world.failingUploads.add(world.uploadsOf.get(spaces[1]!)![0]!)
    const result = await harness.run(world, async (start) =>
      (await start.customer(customer)).result()
    )
    assert.equal(result.status, 'failed')
    assert.equal(result.spaces, 3)
    assert.equal(result.spacesFailed, 1)
    assert.equal(result.failed, 1)
    assert.equal(result.migrated, 5)
    assert.equal(result.error, '1 spaces failed')
    assert.deepEqual(
      spaces.map((s) => world.progress.get(s)?.status),
      ['completed', 'failed', 'completed']
    )
    assert.equal(world.customerRows.get(customer)?.status, 'failed')
    assert.equal(world.customerRows.get(customer)?.completedSpaces, 2)
  })

  it('ends failed without running a space when its migration space is refused', async () => {
    const { world, customer } = oneCustomer(2, 1)
    world.migrationSpaceRefused.add(customer)
    const result = await harness.run(world, async (start) =>
      (await start.customer(customer)).result()
    )
    assert.equal(result.status, 'failed')
    assert.match(result.error ?? '', /migration space/)
    assert.equal(result.spaces, 0)
    assert.equal(world.callsOf('listCustomerSpaces').length, 0)
    assert.equal(world.callsOf('beginSpace').length, 0)
    assert.equal(world.customerRows.get(customer)?.status, 'failed')
  })

  it('ends failed with the error when its prepare step breaks for good', async () => {
    const { world, customer } = oneCustomer(2, 1)
    world.faults.push({
      activity: 'prepareCustomer',
      times: 1,
      permanent: true,
    })
    const result = await harness.run(world, async (start) =>
      (await start.customer(customer)).result()
    )
    assert.equal(result.status, 'failed')
    assert.match(result.error ?? '', /injected permanent fault/)
    assert.equal(world.callsOf('beginSpace').length, 0)
    assert.equal(world.customerRows.get(customer)?.status, 'failed')
  })

  it('waits for an earlier run of a space to close, then runs the space', async () => {
    const { world, customer, spaces } = oneCustomer(1, 2)
    const space = spaces[0]!
    const gate = world.holdPages()
    const [earlier, result] = await harness.run(world, async (start) => {
      const earlier = await start.space(space)
      await world.until(() => gate.waiting >= 1)
      const handle = await start.customer(customer, {
        tuning: { smallSpaceUploads: 0 },
      })
      await historyUntil(handle, (events) =>
        events.some((e) => e.startChildWorkflowExecutionFailedEventAttributes)
      )
      gate.open()
      return [await earlier.result(), await handle.result()]
    })
    assert.equal(earlier.migrated, 2)
    assert.equal(result.status, 'completed')
    assert.equal(result.spaces, 1)
    assert.equal(result.skipped, 2, 'its own run finds the space completed')
    assert.equal(result.processed, 0)
    assert.equal(world.callsOf('beginSpace').length, 2)
    assert.equal(world.callsOf('migrateUploadPage').length, 1)
  })

  it('runs only the spaces it is given (--space), without listing', async () => {
    const { world, customer, spaces } = oneCustomer(4, 1)
    const chosen = [spaces[1]!, spaces[3]!]
    const result = await harness.run(world, async (start) =>
      (await start.customer(customer, { spaces: chosen })).result()
    )
    assert.equal(result.status, 'completed')
    assert.equal(result.spaces, 2)
    assert.equal(world.callsOf('listCustomerSpaces').length, 0)
    assert.deepEqual(
      world
        .callsOf('beginSpace')
        .map((c) => c.input.space)
        .sort(),
      chosen
    )
  })

  it('stops at its limit across spaces, one space at a time, and ends partial', async () => {
    const { world, customer, spaces } = oneCustomer(3, 2)
    const result = await harness.run(world, async (start) =>
      (
        await start.customer(customer, {
          limit: 3,
          tuning: { spaceConcurrency: 3 },
        })
      ).result()
    )
    assert.equal(result.status, 'partial')
    assert.equal(result.processed, 3)
    assert.equal(world.maxOpenSpaces.get(customer), 1)
    assert.deepEqual(
      spaces.map((s) => world.progress.get(s)?.status),
      ['completed', 'pending', undefined]
    )
    assert.equal(world.customerRows.get(customer)?.status, 'pending')
  })
})
