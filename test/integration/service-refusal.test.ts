import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  type MonitorOptions,
  type OverallView,
  runMonitor,
} from '../../src/client/monitor/index.js'
import { customerWorkflowId } from '../../src/workflows/ids.js'
import { progressQuery, resumeSignal } from '../../src/workflows/signals.js'
import type { Progress } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import {
  historiesOf,
  replayProblems,
  writeFixtures,
} from '../helpers/replay.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

const world = await migrationWorld({
  seed: 'refusal',
  customers: 2,
  spacesPerCustomer: 2,
  uploadsPerSpace: 4,
})

const failures = world.failureRows

/** What `monitor` prints with these flags, read from the tables the worker wrote. */
async function monitor(options: MonitorOptions): Promise<string> {
  let text = ''
  await runMonitor(
    world.tables,
    options,
    { write: (chunk: string) => (text += chunk) },
    { timeZone: 'UTC' }
  )
  return text
}

/** The rows a refusal paused: customers and spaces whose row shows it. */
async function pausedRows() {
  const customers = []
  for (const customer of world.customers) {
    const row = await world.tables.migrationCustomers.get(customer)
    if (row?.pause) customers.push(row)
  }
  const spaces = []
  for (const customer of world.customers)
    for await (const page of world.tables.migrationProgress.byCustomer(
      customer
    ))
      spaces.push(...page.filter((row) => row.pause))
  return { customers, spaces }
}

/** Polls until `check` holds, for at most `seconds`. */
async function until<T>(
  seconds: number,
  read: () => Promise<T>,
  check: (value: T) => boolean
): Promise<T> {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    const value = await read()
    if (check(value)) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await sleep(250)
  }
}

describe('an upload service that refuses writes (its kill-switch)', () => {
  it('pauses the migration with the reason and no failure, then resumes to completion', async () => {
    world.sandbox.uploadService.writes.disabled = true
    const handle = await world.startInstance('refusal')
    let refused = { customer: '', space: '' }
    const result = await world.withWorker(async () => {
      const paused = await until(
        90,
        () => handle.query<Progress>(progressQuery),
        (p) => p.pausedBecause !== undefined
      )
      assert.match(
        paused.pausedBecause ?? '',
        /upload-service|ServiceUnavailable|disabled/
      )
      assert.equal(paused.paused, true)
      // The rows the monitor reads say so too: the customer that told the instance, and its
      // space that found out, with the instance's reason; other refused spaces with their own.
      // Every customer is refused (each has writes in flight); a customer writes its row after
      // it told the instance, so once every row shows it no refusal reaches the instance after
      // the resume below (one that did would pause it again).
      const reason = paused.pausedBecause!
      const rows = await until(
        90,
        pausedRows,
        (r) =>
          r.customers.length === world.customers.length &&
          r.customers.some((c) => c.pause?.reason === reason) &&
          r.spaces.some((c) => c.pause?.reason === reason)
      )
      for (const row of [...rows.customers, ...rows.spaces])
        assert.match(row.pause?.reason ?? '', /ServiceUnavailable/)
      const overview = await monitor({})
      assert.ok(overview.includes(`\n⏸️  Paused: ${reason}\n`), overview)
      const json = JSON.parse(await monitor({ json: true })) as OverallView
      const group = json.paused.find((g) => g.reason === reason)
      assert.ok(group && group.customers >= 1 && group.spaces >= 1, overview)
      const customerRow = rows.customers.find((c) => c.pause?.reason === reason)
      assert.match(
        await monitor({ customer: customerRow!.customer }),
        /^Customer: .*\n=+\n\n⏸️ {2}Paused: /
      )
      const spaceRow = rows.spaces.find((c) => c.pause?.reason === reason)
      refused = { customer: spaceRow!.customer, space: spaceRow!.space }
      assert.match(
        await monitor({ customer: spaceRow!.customer, space: spaceRow!.space }),
        /\nStatus: ⏳ in-progress\n\n⏸️ {2}Paused: /
      )
      const normal = new Set(
        world.uploads.filter((u) => u.quirk === 'normal').map((u) => u.root)
      )
      assert.deepEqual(
        (await failures()).filter((f) => normal.has(f.root)),
        [],
        'no upload failed for the refusal'
      )
      world.sandbox.uploadService.writes.disabled = false
      await handle.signal(resumeSignal)
      return handle.result()
    })
    assert.equal(result.processed, world.uploads.length)
    const normal = world.uploads.filter((u) => u.quirk === 'normal')
    const failed = new Set((await failures()).map((f) => f.root))
    for (const upload of normal)
      assert.ok(!failed.has(upload.root), `${upload.state} migrated`)
    assert.ok(world.sandbox.uploadService.writes.refused > 0)
    assertNoDuplicateSideEffects(world.sandbox)
    // Resumed and finished: no row and no view shows the pause any more.
    assert.deepEqual(await pausedRows(), { customers: [], spaces: [] })
    assert.doesNotMatch(await monitor({}), /Paused/)
    for (const customer of world.customers)
      assert.doesNotMatch(await monitor({ customer }), /Paused/)

    // Histories with a refusal, its row writes and the resume replay on today's code. Its small
    // spaces ran in batches, so the customer's history is the batch's; the space workflow's
    // refusal stays in the fixture recorded before batches (refusal-space-last.json).
    const run = { env: world.config.env, mode: 'full' as const }
    const histories = [
      ...(await historiesOf(
        world.temporal.client,
        'refusal-instance',
        handle.workflowId
      )),
      ...(await historiesOf(
        world.temporal.client,
        'refusal-customer',
        customerWorkflowId(run, refused.customer)
      )),
    ]
    assert.deepEqual(await replayProblems(histories), [])
    if (process.env.RECORD_HISTORIES) writeFixtures(histories)
  })
})
