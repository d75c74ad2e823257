import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { spaceWorkflowId } from '../../src/workflows/ids.js'
import {
  pauseSignal,
  progressQuery,
  resumeSignal,
  tuneSignal,
} from '../../src/workflows/signals.js'
import type { Progress } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import {
  historiesOf,
  replayProblems,
  writeFixtures,
} from '../helpers/replay.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

const world = await migrationWorld({
  seed: 'control',
  customers: 3,
  spacesPerCustomer: 3,
  uploadsPerSpace: 6,
})
const spaces = [...new Set(world.uploads.map((u) => u.space))]

describe('continue-as-new at every level', () => {
  it('hands over instance, customer and space runs without losing or repeating an upload', async () => {
    const handle = await world.startInstance('handover', {
      // Every space in a workflow of its own, so that spaces continue as new too.
      tuning: {
        pageSize: 1,
        maxHistoryEvents: 12,
        spaceConcurrency: 2,
        smallSpaceUploads: 0,
      },
    })
    const result = await world.withWorker(() => handle.result())
    assert.equal(result.processed, world.uploads.length)
    assertNoDuplicateSideEffects(world.sandbox)
    const client = world.temporal.client
    assert.ok(await wasContinued(handle.workflowId), 'instance continued')
    const run = { env: world.config.env, mode: 'full' as const }
    const customers = await Promise.all(
      world.customers.map((c) =>
        wasContinued(`migration/local/full/customer/${c}`)
      )
    )
    assert.ok(customers.some(Boolean), 'a customer continued')
    const continuedSpaces = await Promise.all(
      spaces.map((s) => wasContinued(spaceWorkflowId(run, s)))
    )
    assert.ok(continuedSpaces.some(Boolean), 'a space continued')
    for (const space of spaces) {
      const uploads = world.uploads.filter((u) => u.space === space)
      const row = await world.tables.migrationProgress.get(
        uploads[0]!.customer,
        space
      )
      assert.equal(row?.completedUploads, uploads.length, space)
    }

    const histories = [
      ...(await historiesOf(client, 'instance', handle.workflowId)),
      ...(await historiesOf(
        client,
        'customer',
        `migration/local/full/customer/${world.customers[customers.indexOf(true)]}`
      )),
      ...(await historiesOf(
        client,
        'space',
        spaceWorkflowId(run, spaces[continuedSpaces.indexOf(true)]!)
      )),
    ]
    assert.deepEqual(await replayProblems(histories), [])
    // RECORD_HISTORIES=1 refreshes the fixtures the unit tier replays on every run.
    if (process.env.RECORD_HISTORIES) writeFixtures(histories)

    async function wasContinued(workflowId: string) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory()
      const started =
        history.events?.[0]?.workflowExecutionStartedEventAttributes
      return Boolean(started?.continuedExecutionRunId)
    }
  })
})

describe('controlling a running migration', () => {
  it('pauses, retunes and resumes; the change reaches the spaces', async () => {
    world.sandbox.indexer.faults.set({ latencyMs: 150 })
    const run = { env: world.config.env, mode: 'verify-only' as const }
    const handle = await world.startInstance('control', {
      mode: 'verify-only',
      tuning: {
        pageSize: 1,
        uploadConcurrency: 1,
        spaceConcurrency: 1,
        smallSpaceUploads: 0,
      },
    })
    const processed = async () => {
      let sum = 0
      for (const space of spaces) {
        const progress = await world.temporal.client.workflow
          .getHandle(spaceWorkflowId(run, space))
          .query(progressQuery)
          .catch(() => undefined)
        sum += progress?.processed ?? 0
      }
      return sum
    }
    const result = await world.withWorker(async () => {
      while ((await processed()) === 0) await sleep(200)
      await handle.signal(pauseSignal)
      await sleep(1_500) // the page in flight finishes
      const paused = await processed()
      await sleep(2_000)
      assert.equal(await processed(), paused, 'no page starts while paused')
      assert.ok(paused < world.uploads.length, 'paused before the end')
      const instance: Progress = await handle.query(progressQuery)
      assert.equal(instance.paused, true)
      await handle.signal(tuneSignal, { pageSize: 50, uploadConcurrency: 4 })
      await handle.signal(resumeSignal)
      return handle.result()
    })
    world.sandbox.indexer.faults.clear()
    assert.equal(result.processed, world.uploads.length)
    const last = spaces.at(-1)!
    const progress = await world.withWorker(() =>
      world.temporal.client.workflow
        .getHandle(spaceWorkflowId(run, last))
        .query(progressQuery)
    )
    assert.equal(progress.paused, false)
    assert.equal(progress.tuning.pageSize, 50)
    assert.equal(progress.tuning.uploadConcurrency, 4)
  })
})
