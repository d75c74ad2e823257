import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { resumeSignal } from '../../src/workflows/signals.js'
import { FakeWorld, oneSpaceWorld } from '../helpers/fake-world.js'
import {
  progressUntil,
  scheduledCount,
  workflowHarness,
} from '../helpers/workflow-harness.js'

const harness = await workflowHarness()

describe('failure budget', () => {
  it('a space past --max-failure-rate pauses after the page that passed it, says why, and goes on when resumed', async () => {
    const { world, space, roots } = oneSpaceWorld(120)
    for (const root of roots.slice(0, 30)) world.failingUploads.add(root)
    const result = await harness.run(world, async (start) => {
      const handle = await start.space(space, {
        tuning: { pageSize: 20 },
        failureBudget: { maxFailurePercent: 10 },
      })
      const paused = await progressUntil(handle, (p) => p.paused)
      assert.match(
        paused.pausedBecause ?? '',
        /^failure budget: 30 of 100 uploads failed in space .*, over --max-failure-rate 10%$/
      )
      assert.equal(paused.processed, 100, 'judged from 100 processed on')
      assert.equal(await scheduledCount(handle, 'migrateUploadPage'), 5)
      await handle.signal(resumeSignal)
      return handle.result()
    })
    assert.equal(result.processed, 120)
    assert.equal(result.failed, 30)
    assert.equal(result.status, 'failed')
  })

  it('a customer past --max-failures pauses with its spaces, and re-arms at the trip when resumed', async () => {
    const world = new FakeWorld({
      customers: 1,
      spacesPerCustomer: 3,
      uploadsPerSpace: 4,
    })
    const customer = world.customers[0]!
    for (const space of world.spaces)
      for (const root of world.uploadsOf.get(space)!.slice(0, 2))
        world.failingUploads.add(root)
    const result = await harness.run(world, async (start) => {
      const handle = await start.customer(customer, {
        tuning: { spaceConcurrency: 1, smallSpaceUploads: 0 },
        failureBudget: { maxFailures: 3 },
      })
      const paused = await progressUntil(handle, (p) => p.paused)
      assert.match(
        paused.pausedBecause ?? '',
        /^failure budget: 4 of 8 uploads failed in customer .*, more than --max-failures 3$/
      )
      assert.equal(world.callsOf('beginSpace').length, 2, 'no space after it')
      await handle.signal(resumeSignal)
      return handle.result()
    })
    assert.equal(result.processed, 12)
    assert.equal(result.failed, 6, 'two more since the trip: within the budget')
  })

  it("batched small spaces are judged by their customer's budget after each batch", async () => {
    const world = new FakeWorld({
      customers: 1,
      spacesPerCustomer: 30,
      uploadsPerSpace: 2,
    })
    const customer = world.customers[0]!
    for (const space of world.spaces.slice(0, 4))
      world.failingUploads.add(world.uploadsOf.get(space)![0]!)
    const result = await harness.run(world, async (start) => {
      const handle = await start.customer(customer, {
        failureBudget: { maxFailures: 3 },
        tuning: { smallSpaceUploads: 100 },
      })
      const paused = await progressUntil(handle, (p) => p.paused)
      assert.match(
        paused.pausedBecause ?? '',
        /^failure budget: 4 of 8 uploads failed in customer .*, more than --max-failures 3$/
      )
      assert.equal(
        await scheduledCount(handle, 'migrateSmallSpaces'),
        1,
        'no batch after the one that passed it'
      )
      await handle.signal(resumeSignal)
      return handle.result()
    })
    assert.equal(result.processed, 60)
    assert.equal(result.failed, 4)
    assert.equal(world.callsOf('migrateSmallSpaces').length, 2)
  })

  it('a budget never passed changes nothing', async () => {
    const { world, space, roots } = oneSpaceWorld(50)
    for (const root of roots.slice(0, 20)) world.failingUploads.add(root)
    const result = await harness.run(world, async (start) =>
      (
        await start.space(space, {
          tuning: { pageSize: 10 },
          failureBudget: { maxFailurePercent: 5 },
        })
      ).result()
    )
    assert.equal(
      result.processed,
      50,
      'under 100 processed: a rate is not judged'
    )
    assert.equal(result.failed, 20)
  })
})
