import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { WorkflowHandle } from '@temporalio/client'
import { fairnessKeyOf } from '../../src/workflows/fairness.js'
import { customerWorkflowId, spaceWorkflowId } from '../../src/workflows/ids.js'
import { FakeWorld } from '../helpers/fake-world.js'
import { workflowHarness } from '../helpers/workflow-harness.js'

// A workflow per space, so that each level's fairness key can be read.
const harness = await workflowHarness({ smallSpaceUploads: 0 })

const keyOfRun = async (handle: WorkflowHandle) =>
  (await handle.describe()).raw.workflowExecutionInfo?.priority?.fairnessKey ??
  undefined

/** The fairness keys of the activities a workflow scheduled, as its history records them. */
async function activityKeys(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? []
  return events.flatMap((e) => {
    const scheduled = e.activityTaskScheduledEventAttributes
    return scheduled ? [scheduled.priority?.fairnessKey ?? ''] : []
  })
}

describe('fairness keys: one per customer, so one large customer cannot starve the rest', () => {
  it('an instance starts each customer workflow under its customer’s key, and the space workflows inherit it', async () => {
    const world = new FakeWorld({
      customers: 2,
      spacesPerCustomer: 2,
      uploadsPerSpace: 2,
    })
    const run = { env: world.env, mode: 'full' as const }
    const keys = await harness.run(world, async (start) => {
      await (await start.instance()).result()
      const { client } = harness
      return Promise.all(
        world.customers.map(async (customer) => {
          const spaces = world.spaces.filter(
            (s) => world.customerOfSpace.get(s) === customer
          )
          const spaceHandles = spaces.map((s) =>
            client.workflow.getHandle(spaceWorkflowId(run, s))
          )
          return {
            customer,
            own: await keyOfRun(
              client.workflow.getHandle(customerWorkflowId(run, customer))
            ),
            spaces: await Promise.all(spaceHandles.map(keyOfRun)),
            activities: (
              await Promise.all(spaceHandles.map(activityKeys))
            ).flat(),
          }
        })
      )
    })
    for (const { customer, own, spaces, activities } of keys) {
      assert.equal(own, fairnessKeyOf(customer))
      assert.deepEqual(
        spaces,
        spaces.map(() => fairnessKeyOf(customer))
      )
      assert.ok(activities.length > 0)
      // An activity with no key of its own inherits its workflow's; an explicit one would show.
      for (const key of activities)
        assert.ok(key === '' || key === fairnessKeyOf(customer), key)
    }
    assert.notEqual(keys[0]?.own, keys[1]?.own)
  })
})
