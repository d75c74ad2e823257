import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { customerWorkflowId } from '../../src/workflows/ids.js'
import { FakeWorld } from '../helpers/fake-world.js'
import {
  finishedRun,
  progressUntil,
  workflowHarness,
} from '../helpers/workflow-harness.js'

const harness = await workflowHarness()

describe('instance workflow', () => {
  it('pages its customers and runs them customerConcurrency at a time', async () => {
    const world = new FakeWorld({
      customers: 5,
      spacesPerCustomer: 2,
      uploadsPerSpace: 1,
    })
    world.listPageCap = 2
    const gate = world.holdPages()
    const run = { env: world.env, mode: 'full' as const }
    const result = await harness.run(world, async (start) => {
      const handle = await start.instance({
        tuning: { customerConcurrency: 2, spaceConcurrency: 1 },
      })
      await world.until(() => gate.waiting >= 2)
      const full = await progressUntil(handle, () => true)
      assert.equal(full.scope, 'instance')
      assert.equal(full.running, 2)
      assert.equal(full.started, 2)
      assert.deepEqual(
        full.runningChildren,
        world.customers.slice(0, 2).map((c) => customerWorkflowId(run, c))
      )
      gate.open()
      return handle.result()
    })
    assert.deepEqual(result, {
      status: 'completed',
      processed: 10,
      migrated: 10,
      alreadyMigrated: 0,
      failed: 0,
      customers: 5,
      customersFailed: 0,
    })
    assert.equal(world.maxOpenCustomers, 2)
    assert.deepEqual(
      world.callsOf('listCustomers').map((c) => c.input.cursor),
      [undefined, '2', '4']
    )
    assert.deepEqual(
      world
        .callsOf('prepareCustomer')
        .map((c) => c.input.customer)
        .sort(),
      world.customers
    )
  })

  it('continues as new with its cursor, counts and customers still running', async () => {
    const world = new FakeWorld({
      customers: 7,
      spacesPerCustomer: 1,
      uploadsPerSpace: 1,
    })
    world.listPageCap = 2
    const { result, progress, continued } = await harness.run(
      world,
      async (start) => {
        const handle = await start.instance({
          tuning: { customerConcurrency: 2, maxHistoryEvents: 25 },
        })
        return finishedRun(handle)
      }
    )
    assert.ok(continued, 'the last run continued from an earlier one')
    assert.ok(progress.runs > 1, `${progress.runs} runs`)
    assert.equal(result.status, 'completed')
    assert.equal(result.customers, 7)
    assert.equal(result.processed, 7)
    assert.deepEqual(
      world
        .callsOf('prepareCustomer')
        .map((c) => c.input.customer)
        .sort(),
      world.customers,
      'each customer started once'
    )
    assert.deepEqual(
      world.callsOf('listCustomers').map((c) => c.input.cursor),
      [undefined, '2', '4', '6']
    )
  })

  it('ends failed when a customer failed; the other customers complete', async () => {
    const world = new FakeWorld({
      customers: 3,
      spacesPerCustomer: 1,
      uploadsPerSpace: 2,
    })
    const [, refused] = world.customers
    world.migrationSpaceRefused.add(refused!)
    const result = await harness.run(world, async (start) =>
      (await start.instance()).result()
    )
    assert.equal(result.status, 'failed')
    assert.equal(result.customers, 3)
    assert.equal(result.customersFailed, 1)
    assert.equal(result.migrated, 4)
    assert.deepEqual(
      world.customers.map((c) => world.customerRows.get(c)?.status),
      ['completed', 'failed', 'completed']
    )
  })

  it('stops at its limit across customers, one at a time, and ends partial', async () => {
    const world = new FakeWorld({
      customers: 3,
      spacesPerCustomer: 2,
      uploadsPerSpace: 1,
    })
    const result = await harness.run(world, async (start) =>
      (
        await start.instance({ limit: 3, tuning: { customerConcurrency: 3 } })
      ).result()
    )
    assert.equal(result.status, 'partial')
    assert.equal(result.processed, 3)
    assert.equal(world.maxOpenCustomers, 1)
    assert.deepEqual(
      world.customers.map((c) => world.customerRows.get(c)?.status),
      ['completed', 'pending', undefined]
    )
  })

  it("takes its customers from a host's assignment or from every customer", async () => {
    const world = new FakeWorld({
      customers: 4,
      spacesPerCustomer: 1,
      uploadsPerSpace: 1,
    })
    const [a, b, c, d] = world.customers as [string, string, string, string]
    world.instanceOf.set(b, 'host-1').set(d, 'host-1').set(a, 'host-2')
    const [host, all] = await harness.run(world, async (start) => {
      const host = await start.instance({
        instanceId: 'host-1',
        source: { kind: 'instance', instanceId: 'host-1' },
      })
      const hostResult = await host.result()
      const all = await start.instance({ source: { kind: 'all' } })
      return [hostResult, await all.result()]
    })
    assert.equal(host.customers, 2)
    assert.equal(all.customers, 4)
    // Customers run at once: their calls come in any order within a run.
    const byCustomer = (a: { customer: string }, b: { customer: string }) =>
      a.customer.localeCompare(b.customer)
    const prepared = world.callsOf('prepareCustomer').map((call) => call.input)
    assert.deepEqual(
      prepared.slice(0, 2).sort(byCustomer),
      [b, d].map((customer) => ({
        customer,
        instanceId: 'host-1',
        track: true,
        createMigrationSpace: true,
      }))
    )
    assert.deepEqual(
      prepared
        .slice(2)
        .map((p) => p.customer)
        .sort(),
      [a, b, c, d]
    )
  })
})
