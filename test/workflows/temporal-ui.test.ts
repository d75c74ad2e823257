import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Client, WorkflowHandle } from '@temporalio/client'
import { defaultPayloadConverter } from '@temporalio/common'
import { spaceWorkflowId } from '../../src/workflows/ids.js'
import type { MigrationMemo } from '../../src/workflows/memo.js'
import { SPACES_PER_BATCH } from '../../src/workflows/small-spaces.js'
import { FakeWorld } from '../helpers/fake-world.js'
import { finishedRun, workflowHarness } from '../helpers/workflow-harness.js'

// A workflow per space, which the Web UI shows; the batch case below asks for batches itself.
const harness = await workflowHarness({ smallSpaceUploads: 0 })

/** The upload counts of each search-attribute upsert in the workflow's history, in order. */
async function upsertedCounts(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? []
  return events.flatMap((e) => {
    const fields =
      e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes
        ?.indexedFields
    if (!fields) return []
    const value = (key: string) =>
      fields[key] ? defaultPayloadConverter.fromPayload(fields[key]) : undefined
    return [
      {
        done: value('MigrationUploadsDone'),
        status: value('MigrationStatus'),
      },
    ]
  })
}

/** The workflow IDs a visibility query lists, once the list has caught up (it is eventually consistent). */
async function listed(client: Client, query: string, expected: number) {
  const deadline = Date.now() + 10_000
  for (;;) {
    const ids: string[] = []
    for await (const w of client.workflow.list({ query }))
      ids.push(w.workflowId)
    if (ids.length >= expected || Date.now() > deadline) return ids.sort()
    await sleep(200)
  }
}

describe('what the Temporal Web UI shows of a migration', () => {
  it('a space workflow upserts its upload counts after each page, then with its status at the end', async () => {
    const world = new FakeWorld({
      customers: 1,
      spacesPerCustomer: 1,
      uploadsPerSpace: 5,
    })
    const [space] = world.spaces
    const upserts = await harness.run(world, async (start) => {
      const handle = await start.customer(world.customers[0]!, {
        tuning: { pageSize: 2 },
      })
      await handle.result()
      const run = { env: world.env, mode: 'full' as const }
      return upsertedCounts(
        harness.client.workflow.getHandle(spaceWorkflowId(run, space!))
      )
    })
    assert.deepEqual(upserts, [
      { done: 2, status: undefined },
      { done: 4, status: undefined },
      { done: 5, status: 'completed' },
    ])
  })

  it('each child starts with a memo of its scope and plan', async () => {
    const world = new FakeWorld({
      customers: 1,
      spacesPerCustomer: 1,
      uploadsPerSpace: 1,
    })
    const customer = world.customers[0]!
    const [space] = world.spaces
    const memos = await harness.run(world, async (start) => {
      const instance = await start.instance({
        instanceId: 'i-7',
        limit: 50,
        tuning: { pageSize: 3 },
      })
      await instance.result()
      const run = { env: world.env, mode: 'full' as const }
      const memoOf = async (workflowId: string) =>
        (await harness.client.workflow.getHandle(workflowId).describe()).memo
          ?.migration as MigrationMemo | undefined
      const children = (await instance.fetchHistory()).events?.flatMap(
        (e) =>
          e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId ??
          []
      )
      return {
        customer: await memoOf(children![0]!),
        space: await memoOf(spaceWorkflowId(run, space!)),
      }
    })
    assert.deepEqual(memos.customer?.scope, {
      kind: 'customer',
      env: world.env,
      instanceId: 'i-7',
      customer,
    })
    assert.deepEqual(memos.space?.scope, {
      kind: 'space',
      env: world.env,
      instanceId: 'i-7',
      customer,
      space,
    })
    for (const memo of [memos.customer, memos.space]) {
      assert.equal(memo?.plan.mode, 'full')
      assert.equal(memo?.plan.tuning.pageSize, 3)
      assert.equal(memo?.plan.source, undefined)
    }
    assert.equal(memos.customer?.plan.limit, 50)
  })

  it('a space keeps its memo and attributes across continue-as-new', async () => {
    const world = new FakeWorld({
      customers: 1,
      spacesPerCustomer: 1,
      uploadsPerSpace: 6,
    })
    const [space] = world.spaces
    const described = await harness.run(world, async (start) => {
      await (
        await start.customer(world.customers[0]!, {
          tuning: { pageSize: 1, maxHistoryEvents: 15 },
        })
      ).result()
      const run = { env: world.env, mode: 'full' as const }
      const handle = harness.client.workflow.getHandle(
        spaceWorkflowId(run, space!)
      )
      const { continued } = await finishedRun(handle)
      return { continued, description: await handle.describe() }
    })
    assert.ok(described.continued, 'the last run continued from an earlier one')
    const memo = described.description.memo?.migration as MigrationMemo
    assert.equal(memo.scope.space, space)
    assert.equal(memo.plan.tuning.pageSize, 1)
    assert.deepEqual(described.description.searchAttributes.MigrationSpace, [
      space,
    ])
  })

  it('a failed space and its customer are found as failed by a visibility query', async () => {
    const world = new FakeWorld({
      customers: 1,
      spacesPerCustomer: 2,
      uploadsPerSpace: 2,
    })
    const customer = world.customers[0]!
    const failing = world.spaces[1]!
    world.failingUploads.add(world.uploadsOf.get(failing)![0]!)
    const found = await harness.run(world, async (start) => {
      await (await start.instance()).result()
      const run = { env: world.env, mode: 'full' as const }
      return {
        expected: spaceWorkflowId(run, failing),
        spaces: await listed(
          harness.client,
          `MigrationEnv = '${world.env}' AND MigrationStatus = 'failed' AND MigrationSpace IS NOT NULL`,
          1
        ),
        customers: await listed(
          harness.client,
          `MigrationEnv = '${world.env}' AND MigrationStatus = 'failed' AND MigrationCustomer = '${customer}' AND MigrationSpace IS NULL`,
          1
        ),
      }
    })
    assert.deepEqual(found.spaces, [found.expected])
    assert.equal(found.customers.length, 1)
  })

  it('a customer upserts its counts after each batch of small spaces but the last', async () => {
    const world = new FakeWorld({
      customers: 1,
      spacesPerCustomer: SPACES_PER_BATCH + 1,
      uploadsPerSpace: 1,
    })
    const upserts = await harness.run(world, async (start) => {
      const handle = await start.customer(world.customers[0]!, {
        tuning: { smallSpaceUploads: 100 },
      })
      await handle.result()
      return upsertedCounts(handle)
    })
    assert.deepEqual(upserts, [
      { done: SPACES_PER_BATCH, status: undefined },
      { done: SPACES_PER_BATCH + 1, status: 'completed' },
    ])
  })
})
