import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { WorkflowHandle } from '@temporalio/client'
import { customerWorkflowId } from '../../src/workflows/ids.js'
import { resumeSignal } from '../../src/workflows/signals.js'
import { FakeWorld } from '../helpers/fake-world.js'
import {
  finishedRun,
  progressUntil,
  scheduledCount,
  workflowHarness,
} from '../helpers/workflow-harness.js'

// Both batch paths are opt-in: these tests turn them on.
const harness = await workflowHarness({
  smallSpaceUploads: 100,
  smallCustomerUploads: 1_000,
})

/** Gives `space` this many uploads in all. */
const grow = (world: FakeWorld, space: string, uploads: number) =>
  world.uploadsOf.set(
    space,
    Array.from(
      { length: uploads },
      (_, u) => `bafy-${space.slice(8)}-u${String(u).padStart(4, '0')}`
    )
  )

/** The workflows the instance's runs started, by ID. */
async function children(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? []
  return events.flatMap((e) => {
    const id = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId
    return id ? [id] : []
  })
}

const batchedCustomers = (world: FakeWorld) =>
  world
    .callsOf('migrateSmallCustomers')
    .filter((c) => c.attempt === 1)
    .flatMap((c) => c.input.customers)

const everyUploadOnce = (world: FakeWorld) => {
  for (const roots of world.uploadsOf.values())
    for (const root of roots)
      assert.equal(world.migrations.get(root), 1, `${root} migrated once`)
}

const idOf = (world: FakeWorld, customer: string, onlyFailed?: boolean) =>
  customerWorkflowId({ env: world.env, mode: 'full', onlyFailed }, customer)

describe('small customers in batch activities', () => {
  it('migrates small customers with no workflow; a customer with a large space gets one, started prepared from what the batch did', async () => {
    const world = new FakeWorld({
      customers: 4,
      spacesPerCustomer: 3,
      uploadsPerSpace: 2,
    })
    const [, large] = world.customers
    const big = world.spacesOf.get(large!)![1]!
    grow(world, big, 150)
    const { result, started, attributes } = await harness.run(
      world,
      async (start) => {
        const handle = await start.instance({ tuning: { pageSize: 50 } })
        const result = await handle.result()
        return {
          result,
          started: await children(handle),
          attributes: (await handle.describe()).searchAttributes,
        }
      }
    )
    assert.deepEqual(result, {
      status: 'completed',
      processed: 3 * 6 + 4 + 150,
      migrated: 3 * 6 + 4 + 150,
      alreadyMigrated: 0,
      failed: 0,
      customers: 4,
      customersFailed: 0,
    })
    assert.deepEqual(started, [idOf(world, large!)])
    assert.deepEqual(batchedCustomers(world), world.customers)
    assert.equal(
      world.callsOf('prepareCustomer').length,
      0,
      'the batch prepared it'
    )
    assert.deepEqual(
      world.callsOf('beginSpace').map((c) => c.input.space),
      [big]
    )
    assert.deepEqual(
      world.callsOf('migrateSmallSpaces').flatMap((c) => c.input.spaces),
      world.spacesOf.get(large!)!.filter((space) => space !== big)
    )
    for (const customer of world.customers)
      assert.deepEqual(world.customerRows.get(customer), {
        status: 'completed',
        completedSpaces: 3,
        completedUploads: customer === large ? 154 : 6,
        error: '',
      })
    for (const space of world.spaces)
      assert.equal(world.progress.get(space)?.status, 'completed')
    assert.deepEqual(attributes.MigrationStatus, ['completed'])
    assert.deepEqual(attributes.MigrationUploadsDone, [172])
    everyUploadOnce(world)
  })

  it('a customer with more spaces than a page starts its workflow at the next page, its first page to batch', async () => {
    const world = new FakeWorld({
      customers: 2,
      spacesPerCustomer: 3,
      uploadsPerSpace: 1,
    })
    world.listPageCap = 2
    const result = await harness.run(world, async (start) =>
      (await start.instance()).result()
    )
    assert.equal(result.status, 'completed')
    assert.equal(result.processed, 6)
    assert.deepEqual(
      world.callsOf('listCustomerSpaces').map((c) => c.input.cursor),
      ['2', '2'],
      'each customer workflow lists from the page after the batch'
    )
    for (const customer of world.customers)
      assert.equal(world.customerRows.get(customer)?.completedSpaces, 3)
    everyUploadOnce(world)
  })

  it('continues as new with the customers not batched yet and those handed back, listing them once', async () => {
    const world = new FakeWorld({
      customers: 60,
      spacesPerCustomer: 1,
      uploadsPerSpace: 1,
    })
    for (const customer of world.customers.filter((_, c) => c % 10 === 0))
      grow(world, world.spacesOf.get(customer)![0]!, 120)
    const { result, progress, continued } = await harness.run(
      world,
      async (start) =>
        finishedRun(await start.instance({ tuning: { maxHistoryEvents: 20 } })),
      120_000
    )
    assert.ok(continued, 'the last run continued from an earlier one')
    assert.ok(progress.runs > 1, `${progress.runs} runs`)
    assert.equal(result.status, 'completed')
    assert.equal(result.customers, 60)
    assert.equal(result.processed, 54 + 6 * 120)
    assert.deepEqual(
      world.callsOf('listCustomers').map((c) => c.input.cursor),
      [undefined],
      'the candidates were carried, not listed again'
    )
    assert.deepEqual(batchedCustomers(world), world.customers)
    assert.equal(world.callsOf('beginSpace').length, 6)
    everyUploadOnce(world)
  })

  it('a batch failing retryably resumes from its checkpoint: finished customers are not redone', async () => {
    const world = new FakeWorld({
      customers: 4,
      spacesPerCustomer: 2,
      uploadsPerSpace: 2,
    })
    world.batchBreaksAt.set(world.customers[2]!, 1)
    const result = await harness.run(world, async (start) =>
      (await start.instance()).result()
    )
    assert.equal(result.status, 'completed')
    assert.equal(result.processed, 16)
    assert.deepEqual(
      world.callsOf('migrateSmallCustomers').map((c) => c.attempt),
      [1, 2]
    )
    everyUploadOnce(world)
  })

  it('a service refusing writes in a batch pauses the instance; after resume the refused customer gets its workflow and the rest their batch, each upload once', async () => {
    const world = new FakeWorld({
      customers: 4,
      spacesPerCustomer: 3,
      uploadsPerSpace: 2,
    })
    const refusedCustomer = world.customers[1]!
    const refused = world.spacesOf.get(refusedCustomer)![1]!
    const reason = 'space/blob/add: ServiceUnavailable: writes are disabled'
    world.refusedSpaces.set(refused, reason)
    const { result, started } = await harness.run(world, async (start) => {
      const handle = await start.instance()
      const paused = await progressUntil(handle, (p) => p.paused)
      assert.equal(paused.pausedBecause, reason)
      assert.equal(world.progress.get(refused)?.pausedBecause, reason)
      assert.equal(
        world.customerRows.get(world.customers[2]!),
        undefined,
        'not begun'
      )
      assert.deepEqual(await children(handle), [], 'nothing started paused')
      await handle.signal(resumeSignal)
      return { result: await handle.result(), started: await children(handle) }
    })
    assert.equal(result.status, 'completed')
    assert.equal(result.customers, 4)
    assert.equal(result.processed, 24)
    assert.deepEqual(started, [idOf(world, refusedCustomer)])
    assert.deepEqual(
      world.callsOf('migrateSmallCustomers').map((c) => c.input.customers),
      [world.customers, world.customers.slice(2)]
    )
    assert.deepEqual(
      world.callsOf('migrateSmallSpaces').map((c) => c.input.spaces),
      [world.spacesOf.get(refusedCustomer)!.slice(1)]
    )
    assert.equal(world.progress.get(refused)?.pausedBecause, undefined)
    assert.deepEqual(world.customerRows.get(refusedCustomer), {
      status: 'completed',
      completedSpaces: 3,
      completedUploads: 6,
      error: '',
    })
    everyUploadOnce(world)
  })

  it("the instance's failure budget is judged as a batch's customers settle: passed, no batch starts until resume", async () => {
    const world = new FakeWorld({
      customers: 30,
      spacesPerCustomer: 1,
      uploadsPerSpace: 2,
    })
    for (const customer of world.customers.slice(0, 4))
      world.failingUploads.add(
        world.uploadsOf.get(world.spacesOf.get(customer)![0]!)![0]!
      )
    const result = await harness.run(world, async (start) => {
      const handle = await start.instance({
        failureBudget: { maxFailures: 3 },
      })
      const paused = await progressUntil(handle, (p) => p.paused)
      assert.match(
        paused.pausedBecause ?? '',
        /^failure budget: 4 of 8 uploads failed in instance, more than --max-failures 3$/
      )
      assert.equal(await scheduledCount(handle, 'migrateSmallCustomers'), 1)
      await handle.signal(resumeSignal)
      return handle.result()
    })
    assert.equal(result.processed, 60)
    assert.equal(result.failed, 4)
    assert.equal(result.customersFailed, 4)
    assert.equal(world.callsOf('migrateSmallCustomers').length, 2)
  })

  for (const [name, overrides] of [
    ['smallCustomerUploads 0', { tuning: { smallCustomerUploads: 0 } }],
    ['smallSpaceUploads 0', { tuning: { smallSpaceUploads: 0 } }],
    ['--limit', { limit: 100 }],
    ['--retry-failed', { onlyFailed: true }],
  ] as const)
    it(`${name} gives every customer its workflow`, async () => {
      const world = new FakeWorld({
        customers: 2,
        spacesPerCustomer: 1,
        uploadsPerSpace: 1,
      })
      const started = await harness.run(world, async (start) => {
        const handle = await start.instance(overrides)
        await handle.result()
        return children(handle)
      })
      assert.equal(world.callsOf('migrateSmallCustomers').length, 0)
      assert.deepEqual(
        started,
        world.customers.map((c) => idOf(world, c, 'onlyFailed' in overrides))
      )
    })
})
