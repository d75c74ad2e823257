import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { WorkflowHandle } from '@temporalio/client'
import { spaceWorkflowId } from '../../src/workflows/ids.js'
import {
  pauseSignal,
  resumeSignal,
  tuneSignal,
} from '../../src/workflows/signals.js'
import { FakeWorld } from '../helpers/fake-world.js'
import {
  finishedRun,
  progressUntil,
  scheduledCount,
  workflowHarness,
} from '../helpers/workflow-harness.js'

// The default (100), named: these tests are of the batch path, whatever the default becomes.
const harness = await workflowHarness({ smallSpaceUploads: 100 })

const oneCustomer = (spaces: number, uploadsPerSpace: number) => {
  const world = new FakeWorld({
    customers: 1,
    spacesPerCustomer: spaces,
    uploadsPerSpace,
  })
  return { world, customer: world.customers[0]!, spaces: world.spaces }
}

/** Gives `space` this many uploads in all. */
const grow = (world: FakeWorld, space: string, uploads: number) =>
  world.uploadsOf.set(
    space,
    Array.from(
      { length: uploads },
      (_, u) => `bafy-${space.slice(8)}-u${String(u).padStart(4, '0')}`
    )
  )

/** The space workflows the customer's runs started, by space. */
async function childSpaces(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? []
  return events.flatMap((e) => {
    const id = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId
    return id ? [id] : []
  })
}

const batchedSpaces = (world: FakeWorld) =>
  world
    .callsOf('migrateSmallSpaces')
    .filter((c) => c.attempt === 1)
    .flatMap((c) => c.input.spaces)

const everyUploadOnce = (world: FakeWorld) => {
  for (const roots of world.uploadsOf.values())
    for (const root of roots)
      assert.equal(world.migrations.get(root), 1, `${root} migrated once`)
}

describe('small spaces in batch activities', () => {
  it('migrates small spaces with no space workflow; rows and search attributes as with one', async () => {
    const { world, customer, spaces } = oneCustomer(4, 2)
    const { result, attributes, children } = await harness.run(
      world,
      async (start) => {
        const handle = await start.customer(customer)
        const result = await handle.result()
        return {
          result,
          attributes: (await handle.describe()).searchAttributes,
          children: await childSpaces(handle),
        }
      }
    )
    assert.deepEqual(result, {
      customer,
      status: 'completed',
      processed: 8,
      migrated: 8,
      alreadyMigrated: 0,
      failed: 0,
      spaces: 4,
      spacesFailed: 0,
    })
    assert.deepEqual(children, [])
    assert.equal(world.callsOf('beginSpace').length, 0)
    assert.equal(world.callsOf('migrateUploadPage').length, 0)
    assert.deepEqual(batchedSpaces(world), spaces)
    for (const space of spaces)
      assert.deepEqual(world.progress.get(space), {
        status: 'completed',
        totalUploads: 2,
        completedUploads: 2,
        lastProcessedUpload: world.uploadsOf.get(space)!.at(-1),
        error: '',
      })
    assert.deepEqual(world.customerRows.get(customer), {
      status: 'completed',
      completedSpaces: 4,
      completedUploads: 8,
      error: '',
    })
    assert.deepEqual(attributes.MigrationStatus, ['completed'])
    assert.deepEqual(attributes.MigrationUploadsDone, [8])
    assert.deepEqual(attributes.MigrationUploadsFailed, [0])
    everyUploadOnce(world)
  })

  it('gives a space workflow only to the spaces over smallSpaceUploads or past one count page', async () => {
    const { world, customer, spaces } = oneCustomer(5, 2)
    const [small, big, , uncounted] = spaces as [string, string, string, string]
    grow(world, big, 7)
    grow(world, uncounted, 4)
    world.countPageCap = 3
    const run = { env: world.env, mode: 'full' as const }
    const { result, children } = await harness.run(world, async (start) => {
      const handle = await start.customer(customer, {
        tuning: { smallSpaceUploads: 5, pageSize: 3 },
      })
      return {
        result: await handle.result(),
        children: await childSpaces(handle),
      }
    })
    assert.equal(result.status, 'completed')
    assert.equal(result.spaces, 5)
    assert.equal(result.processed, 2 + 7 + 2 + 4 + 2)
    assert.deepEqual(
      children.sort(),
      [spaceWorkflowId(run, big), spaceWorkflowId(run, uncounted)].sort()
    )
    assert.deepEqual(
      world
        .callsOf('beginSpace')
        .map((c) => c.input.space)
        .sort(),
      [big, uncounted].sort()
    )
    assert.deepEqual(
      [
        ...new Set(
          world.callsOf('migrateUploadPage').map((c) => c.input.space)
        ),
      ].sort(),
      [big, uncounted].sort()
    )
    assert.ok(!children.includes(spaceWorkflowId(run, small)))
    for (const space of spaces)
      assert.equal(world.progress.get(space)?.status, 'completed', space)
    assert.equal(world.customerRows.get(customer)?.completedUploads, 17)
    everyUploadOnce(world)
  })

  it('in an instance, customers of small and large spaces finish with their counts', async () => {
    const world = new FakeWorld({
      customers: 3,
      spacesPerCustomer: 3,
      uploadsPerSpace: 1,
    })
    grow(world, world.spacesOf.get(world.customers[1]!)![0]!, 150)
    const result = await harness.run(world, async (start) =>
      (await start.instance({ tuning: { pageSize: 50 } })).result()
    )
    assert.equal(result.status, 'completed')
    assert.equal(result.processed, 8 + 150)
    assert.deepEqual(
      world.callsOf('beginSpace').map((c) => c.input.space),
      [world.spacesOf.get(world.customers[1]!)![0]!]
    )
    assert.equal(world.callsOf('migrateSmallSpaces').length, 3)
    for (const customer of world.customers)
      assert.equal(world.customerRows.get(customer)?.status, 'completed')
    everyUploadOnce(world)
  })

  it('continues as new with the spaces not batched yet, listing them once', async () => {
    const { world, customer, spaces } = oneCustomer(60, 1)
    const { result, progress, continued } = await harness.run(
      world,
      async (start) =>
        finishedRun(
          await start.customer(customer, {
            tuning: { maxHistoryEvents: 20 },
          })
        )
    )
    assert.ok(continued, 'the last run continued from an earlier one')
    assert.ok(progress.runs > 1, `${progress.runs} runs`)
    assert.equal(result.status, 'completed')
    assert.equal(result.spaces, 60)
    assert.equal(result.processed, 60)
    assert.deepEqual(
      world.callsOf('listCustomerSpaces').map((c) => c.input.cursor),
      [undefined],
      'the candidates were carried, not listed again'
    )
    assert.deepEqual(batchedSpaces(world), spaces, 'each space batched once')
    assert.equal(world.callsOf('prepareCustomer').length, 1)
    assert.equal(world.customerRows.get(customer)?.completedUploads, 60)
    everyUploadOnce(world)
  })

  it('a failed space in a batch ends failed; the others complete', async () => {
    const { world, customer, spaces } = oneCustomer(4, 2)
    world.failingUploads.add(world.uploadsOf.get(spaces[1]!)![0]!)
    world.gatewayRefused.add(spaces[2]!)
    const result = await harness.run(world, async (start) =>
      (await start.customer(customer)).result()
    )
    assert.equal(result.status, 'failed')
    assert.equal(result.spaces, 4)
    assert.equal(result.spacesFailed, 2)
    assert.equal(result.failed, 1)
    assert.equal(result.processed, 8)
    assert.deepEqual(
      spaces.map((s) => world.progress.get(s)?.status),
      ['completed', 'failed', 'failed', 'completed']
    )
    assert.equal(world.customerRows.get(customer)?.status, 'failed')
    assert.equal(world.customerRows.get(customer)?.completedSpaces, 2)
  })

  it('a batch failing retryably resumes from its checkpoint: finished spaces are not redone', async () => {
    const { world, customer, spaces } = oneCustomer(4, 2)
    world.batchBreaksAt.set(spaces[2]!, 1)
    const result = await harness.run(world, async (start) =>
      (await start.customer(customer)).result()
    )
    assert.equal(result.status, 'completed')
    assert.equal(result.spaces, 4)
    assert.equal(result.processed, 8)
    assert.deepEqual(
      world.callsOf('migrateSmallSpaces').map((c) => c.attempt),
      [1, 2]
    )
    everyUploadOnce(world)
    for (const space of spaces)
      assert.equal(world.progress.get(space)?.status, 'completed')
  })

  it('a service refusing writes in a batch pauses the customer; after resume the rest run once', async () => {
    const { world, customer, spaces } = oneCustomer(4, 2)
    const refused = spaces[1]!
    const reason = 'space/blob/add: ServiceUnavailable: writes are disabled'
    world.refusedSpaces.set(refused, reason)
    const result = await harness.run(world, async (start) => {
      const handle = await start.customer(customer)
      const paused = await progressUntil(handle, (p) => p.paused)
      assert.equal(paused.pausedBecause, reason)
      await world.until(
        () => world.customerRows.get(customer)?.pausedBecause === reason
      )
      assert.equal(world.progress.get(refused)?.pausedBecause, reason)
      assert.equal(world.progress.get(spaces[0]!)?.status, 'completed')
      assert.equal(world.progress.get(spaces[2]!), undefined, 'not begun')
      await handle.signal(resumeSignal)
      return handle.result()
    })
    assert.equal(result.status, 'completed')
    assert.equal(result.spaces, 4)
    assert.equal(result.processed, 8)
    assert.deepEqual(
      world.callsOf('migrateSmallSpaces').map((c) => c.input.spaces),
      [spaces, spaces.slice(1)]
    )
    assert.equal(world.customerRows.get(customer)?.pausedBecause, undefined)
    assert.equal(world.progress.get(refused)?.pausedBecause, undefined)
    assert.equal(world.progress.get(refused)?.status, 'completed')
    everyUploadOnce(world)
  })

  it('paused, it starts no batch after the one in flight; resumed, the next takes the new tuning', async () => {
    const { world, customer, spaces } = oneCustomer(30, 1)
    const gate = world.holdPages()
    const result = await harness.run(world, async (start) => {
      const handle = await start.customer(customer)
      await world.until(() => gate.waiting >= 1)
      // The batch in flight is named in the progress query, for follow to read its rows.
      const during = await progressUntil(handle, (p) => !!p.batchedSpaces)
      assert.deepEqual(during.batchedSpaces, spaces.slice(0, 25))
      await handle.signal(pauseSignal)
      await handle.signal(tuneSignal, { pageSize: 7 })
      await progressUntil(handle, (p) => p.paused && p.tuning.pageSize === 7)
      gate.open()
      const between = await progressUntil(handle, (p) => p.finished === 25)
      assert.equal(between.batchedSpaces, undefined)
      assert.equal(await scheduledCount(handle, 'migrateSmallSpaces'), 1)
      await handle.signal(resumeSignal)
      return handle.result()
    })
    assert.equal(result.status, 'completed')
    assert.equal(result.spaces, 30)
    const batches = world.callsOf('migrateSmallSpaces').map((c) => c.input)
    assert.deepEqual(
      batches.map((b) => b.spaces),
      [spaces.slice(0, 25), spaces.slice(25)]
    )
    assert.deepEqual(
      batches.map((b) => b.pageSize),
      [100, 7]
    )
    everyUploadOnce(world)
  })

  it('smallSpaceUploads 0 gives every space its workflow', async () => {
    const { world, customer, spaces } = oneCustomer(3, 1)
    const run = { env: world.env, mode: 'full' as const }
    const children = await harness.run(world, async (start) => {
      const handle = await start.customer(customer, {
        tuning: { smallSpaceUploads: 0 },
      })
      await handle.result()
      return childSpaces(handle)
    })
    assert.deepEqual(
      children.sort(),
      spaces.map((s) => spaceWorkflowId(run, s)).sort()
    )
    assert.equal(world.callsOf('migrateSmallSpaces').length, 0)
  })
})
