import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { customerWorkflowId, spaceWorkflowId } from '../../src/workflows/ids.js'
import {
  pauseSignal,
  resumeSignal,
  tuneSignal,
} from '../../src/workflows/signals.js'
import { DEFAULT_TUNING, SERVICE_REFUSAL } from '../../src/workflows/types.js'
import { FakeWorld, oneSpaceWorld } from '../helpers/fake-world.js'
import {
  progressUntil,
  scheduledCount,
  workflowHarness,
} from '../helpers/workflow-harness.js'

const harness = await workflowHarness()

describe('pause, resume and tune', () => {
  it('a paused space starts no page after the one in flight, takes valid tuning and goes on when resumed', async () => {
    const { world, space, roots } = oneSpaceWorld(6)
    const gate = world.holdPages()
    const result = await harness.run(world, async (start) => {
      const handle = await start.space(space, { tuning: { pageSize: 1 } })
      await world.until(() => gate.waiting >= 1)
      await handle.signal(pauseSignal)
      await progressUntil(handle, (p) => p.paused)
      gate.release()
      const paused = await progressUntil(handle, (p) => p.processed === 1)
      assert.equal(paused.scope, 'space')
      assert.equal(paused.totalUploads, 6)
      assert.equal(
        await scheduledCount(handle, 'migrateUploadPage'),
        1,
        'no page starts while paused'
      )
      // Values that are not positive integers are dropped, the rest applies.
      await handle.signal(tuneSignal, {
        pageSize: 0,
        spaceConcurrency: -1,
        customerConcurrency: 2.5,
        heartbeatSeconds: 30,
      })
      await handle.signal(tuneSignal, { pageSize: 2, uploadConcurrency: 3 })
      const tuned = await progressUntil(handle, (p) => p.tuning.pageSize === 2)
      assert.deepEqual(tuned.tuning, {
        ...DEFAULT_TUNING,
        pageSize: 2,
        uploadConcurrency: 3,
        heartbeatSeconds: 30,
      })
      assert.equal(tuned.paused, true)
      gate.open()
      await handle.signal(resumeSignal)
      return handle.result()
    })
    assert.equal(result.status, 'completed')
    assert.equal(result.processed, 6)
    assert.deepEqual(
      world
        .callsOf('migrateUploadPage')
        .map((c) => [c.input.cursor, c.input.pageSize, c.input.concurrency]),
      [
        [undefined, 1, DEFAULT_TUNING.uploadConcurrency],
        [roots[0], 2, 3],
        [roots[2], 2, 3],
        [roots[4], 2, 3],
      ]
    )
  })

  it('a space started paused begins but runs no page until resumed', async () => {
    const { world, space } = oneSpaceWorld(3)
    const result = await harness.run(world, async (start) => {
      const handle = await start.space(space, { paused: true })
      const begun = await progressUntil(handle, (p) => p.totalUploads === 3)
      assert.equal(begun.paused, true)
      assert.equal(await scheduledCount(handle, 'migrateUploadPage'), 0)
      await handle.signal(resumeSignal)
      return handle.result()
    })
    assert.equal(result.status, 'completed')
    assert.equal(result.processed, 3)
  })

  it('a full window retuned to more spaces widens at once, before any space finishes', async () => {
    const world = new FakeWorld({
      customers: 1,
      spacesPerCustomer: 4,
      uploadsPerSpace: 1,
    })
    const customer = world.customers[0]!
    const gate = world.holdPages()
    const result = await harness.run(world, async (start) => {
      const handle = await start.customer(customer, {
        tuning: { spaceConcurrency: 1, smallSpaceUploads: 0 },
      })
      await world.until(() => gate.waiting >= 1)
      await handle.signal(tuneSignal, { spaceConcurrency: 3 })
      await world.until(() => gate.waiting >= 3)
      assert.equal((await progressUntil(handle, () => true)).running, 3)
      gate.open()
      return handle.result()
    })
    assert.equal(result.spaces, 4)
    assert.equal(world.maxOpenSpaces.get(customer), 3)
  })

  it("an instance's signals reach the running spaces through their customer, and later spaces start with them", async () => {
    const world = new FakeWorld({
      customers: 1,
      spacesPerCustomer: 2,
      uploadsPerSpace: 2,
    })
    const [first, second] = world.spaces as [string, string]
    const run = { env: world.env, mode: 'full' as const }
    const gate = world.holdPages()
    const result = await harness.run(world, async (start) => {
      const handle = await start.instance({
        tuning: { pageSize: 1, spaceConcurrency: 1, smallSpaceUploads: 0 },
      })
      await world.until(() => gate.waiting >= 1)
      const client = harness.client.workflow
      const spaceHandle = client.getHandle(spaceWorkflowId(run, first))
      const customerHandle = client.getHandle(
        customerWorkflowId(run, world.customers[0]!)
      )
      await handle.signal(pauseSignal)
      await progressUntil(spaceHandle, (p) => p.paused)
      await handle.signal(tuneSignal, { pageSize: 5 })
      await progressUntil(spaceHandle, (p) => p.tuning.pageSize === 5)
      const customer = await progressUntil(customerHandle, () => true)
      assert.equal(customer.scope, 'customer')
      assert.equal(customer.paused, true)
      assert.equal(customer.tuning.pageSize, 5)
      assert.deepEqual(customer.runningChildren, [spaceWorkflowId(run, first)])
      gate.release()
      await progressUntil(spaceHandle, (p) => p.processed === 1)
      assert.equal(await scheduledCount(spaceHandle, 'migrateUploadPage'), 1)
      gate.open()
      await handle.signal(resumeSignal)
      return handle.result()
    })
    assert.equal(result.status, 'completed')
    assert.equal(result.processed, 4)
    const pageSizes = (space: string) =>
      world
        .callsOf('migrateUploadPage')
        .filter((c) => c.input.space === space)
        .map((c) => c.input.pageSize)
    assert.deepEqual(pageSizes(first), [1, 5])
    assert.deepEqual(pageSizes(second), [5], 'started with the new tuning')
  })
})

describe('a service refusing the migration', () => {
  it('shows the reason on the customer and space rows while paused, and clears it on resume', async () => {
    const world = new FakeWorld({
      customers: 1,
      spacesPerCustomer: 1,
      uploadsPerSpace: 2,
    })
    const [customer] = world.customers as [string]
    const [space] = world.spaces as [string]
    const reason = 'space/blob/add: ServiceUnavailable: writes are disabled'
    world.faults.push({
      activity: 'migrateUploadPage',
      times: 1,
      permanent: true,
      type: SERVICE_REFUSAL,
      message: reason,
    })
    const result = await harness.run(world, async (start) => {
      const handle = await start.instance({
        tuning: { smallSpaceUploads: 0 },
      })
      await world.until(
        () =>
          world.customerRows.get(customer)?.pausedBecause !== undefined &&
          world.progress.get(space)?.pausedBecause !== undefined
      )
      assert.match(
        world.customerRows.get(customer)?.pausedBecause ?? '',
        /writes are disabled/
      )
      assert.match(
        world.progress.get(space)?.pausedBecause ?? '',
        /writes are disabled/
      )
      const at = world.callsOf('recordPause')[0]?.input.at ?? ''
      assert.ok(!Number.isNaN(Date.parse(at)), at)
      await handle.signal(resumeSignal)
      return handle.result()
    })
    assert.equal(result.status, 'completed')
    assert.equal(result.processed, 2)
    assert.equal(world.customerRows.get(customer)?.pausedBecause, undefined)
    assert.equal(world.progress.get(space)?.pausedBecause, undefined)
    // One write to show it and one to clear it, per row; the instance has no row.
    const writes = world
      .callsOf('recordPause')
      .map(
        (c) =>
          `${c.input.space ?? 'customer'} ${c.input.pausedBecause ? 'shown' : 'cleared'}`
      )
    assert.deepEqual(
      writes.sort(),
      [
        'customer cleared',
        'customer shown',
        `${space} cleared`,
        `${space} shown`,
      ].sort()
    )
  })
})
