import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { WorkflowHandle } from '@temporalio/client'
import { followProgress } from '../../src/client/migrate/follow.js'
import {
  liveOf,
  plannedUploads,
} from '../../src/client/migrate/follow-scope.js'
import type { MigrationPlan } from '../../src/client/migrate/plan.js'
import { startOrAttach, workflowOf } from '../../src/client/migrate/start.js'
import {
  pauseSignal,
  progressQuery,
  resumeSignal,
} from '../../src/workflows/signals.js'
import { DEFAULT_TUNING } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'

// Two customers of one space each: a customer's follow and an instance's, each held mid-space.
const world = await migrationWorld({
  seed: 'follow-progress',
  customers: 2,
  spacesPerCustomer: 1,
  uploadsPerSpace: 20,
})
const { client } = world.temporal
const uploadsOf = (customer: string) =>
  world.uploads.filter((u) => u.customer === customer)

/** Small pages one upload at a time, so a space takes several pages. */
const tuning = {
  ...DEFAULT_TUNING,
  pageSize: 4,
  uploadConcurrency: 1,
  smallSpaceUploads: 0,
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 600; i++) {
    if (await check()) return
    await sleep(100)
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** One follow sample (a plain line), then detach. */
async function oneLine(
  handle: WorkflowHandle,
  options: Parameters<typeof followProgress>[2]
) {
  const detach = new AbortController()
  const lines: string[] = []
  await followProgress(
    handle,
    {
      write: (text) => {
        if (!text.startsWith('detached')) lines.push(text.trim())
        detach.abort()
      },
    },
    { ...options, intervalMs: 50, plainEvery: 1, signal: detach.signal }
  )
  return lines[0] ?? ''
}

/** Follows to the end, every sample as a line. */
async function toTheEnd(
  handle: WorkflowHandle,
  options: Parameters<typeof followProgress>[2]
) {
  const lines: string[] = []
  const result = await followProgress(
    handle,
    { write: (text) => lines.push(text.trim()) },
    { ...options, intervalMs: 100, plainEvery: 1 }
  )
  return { result: result as { processed: number }, lines }
}

const doneOf = (line: string, total: number) => {
  const match = new RegExp(`(\\d+)/${total} uploads`).exec(line)
  assert.ok(match, `no count of ${total} in: ${line}`)
  return Number(match[1])
}

async function planFor(plan: MigrationPlan, customer: string) {
  const total = uploadsOf(customer).length
  await world.tables.migrationCustomers.assign(customer, {
    instanceId: 'follow',
    totalSpaces: 1,
    totalUploads: total,
  })
  const workflow = await workflowOf(plan, world.config.env, world.tables)
  const started = await startOrAttach(client, world.taskQueue, workflow)
  const options = {
    live: liveOf(plan, client, world.tables),
    total: await plannedUploads(plan, world.tables),
  }
  assert.equal(options.total, total, "the plan's uploads")
  return { handle: started.handle, options, total }
}

/** Waits for the space's first page on its row, then holds the scope paused mid-space. */
async function holdMidSpace(handle: WorkflowHandle, customer: string) {
  const space = uploadsOf(customer)[0]!.space
  const row = () => world.tables.migrationProgress.get(customer, space)
  await until(
    async () => ((await row())?.completedUploads ?? 0) > 0,
    'the first page'
  )
  await handle.signal(pauseSignal)
  return row
}

describe('migrate --follow counts the uploads of running spaces', () => {
  it("a customer's follow shows its running space's uploads, with total and bar, before the space finishes", async () => {
    const customer = world.customers[0]!
    const plan: MigrationPlan = {
      mode: 'full',
      scope: { kind: 'customer', customer },
      onlyFailed: false,
      tuning,
    }
    world.sandbox.indexer.faults.set({ latencyMs: 50 })
    const { handle, options, total } = await planFor(plan, customer)
    const { result, lines } = await world.withWorker(async () => {
      const row = await holdMidSpace(handle, customer)
      const line = await oneLine(handle, options)
      // The customer itself has counted nothing: its only space has not finished.
      const own = await handle.query(progressQuery)
      assert.equal(own.processed, 0, 'no space has reported to the customer')
      assert.equal(own.runningChildren?.length, 1)
      const held = await row()
      assert.equal(held?.status, 'in-progress')
      const done = doneOf(line, total)
      assert.ok(done > 0 && done < total, line)
      assert.ok(done <= held!.completedUploads, line)
      assert.match(line, /^\[#+\.+\] \d+\.\d% · /, line)
      assert.match(line, /· 1 running/, line)
      await handle.signal(resumeSignal)
      return toTheEnd(handle, options)
    })
    world.sandbox.indexer.faults.clear()
    assert.equal(result.processed, total)
    const counts = lines
      .filter((l) => / uploads · /.test(l))
      .map((l) => doneOf(l, total))
    assert.ok(counts.length > 0, lines.join('\n'))
    assert.ok(
      counts.every((n, i) => i === 0 || n >= counts[i - 1]!),
      `never backwards: ${counts.join(', ')}`
    )
  })

  it("an instance's follow shows the uploads of its running customer's running space", async () => {
    const customer = world.customers[1]!
    const plan: MigrationPlan = {
      mode: 'full',
      scope: {
        kind: 'instance',
        instanceId: 'follow-list',
        source: { kind: 'list', customers: [customer] },
      },
      onlyFailed: false,
      tuning,
    }
    world.sandbox.indexer.faults.set({ latencyMs: 50 })
    const { handle, options, total } = await planFor(plan, customer)
    const result = await world.withWorker(async () => {
      await holdMidSpace(handle, customer)
      const line = await oneLine(handle, options)
      const own = await handle.query(progressQuery)
      assert.equal(own.processed, 0, 'no customer has reported to the instance')
      const done = doneOf(line, total)
      assert.ok(done > 0 && done < total, line)
      assert.match(line, /· 1 running/, line)
      await handle.signal(resumeSignal)
      return (await toTheEnd(handle, options)).result
    })
    world.sandbox.indexer.faults.clear()
    assert.equal(result.processed, total)
  })
})
