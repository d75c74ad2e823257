import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import {
  type MonitorOptions,
  type MonitorRuntime,
  type MonitorTables,
  monitorTables,
  runMonitor,
} from '../../src/client/monitor/index.js'
import { useTables } from '../../src/services/dynamo/index.js'
import { freshTables, testStack } from '../helpers/stack.js'

const { client, names } = await freshTables(await testStack())
const tables = useTables(client, names)

const BIG = 'did:mailto:paging.com:a'
const SMALL = 'did:mailto:small.com:b'
/** Large enough that 20 rows pass DynamoDB's 1 MB page limit, so every read below spans pages. */
const PADDING = 'x'.repeat(60_000)
const bigSpace = (i: number) =>
  `did:key:z6MkPaging${String(i).padStart(2, '0')}`

/** Counts the pages each progress read returns, to show the views follow every page. */
function countingPages(inner: MonitorTables) {
  const pages = { scanAll: 0, byCustomer: 0, byStatus: 0 }
  async function* counted<T>(
    key: keyof typeof pages,
    source: AsyncIterable<T>
  ) {
    for await (const page of source) {
      pages[key]++
      yield page
    }
  }
  const progress = inner.migrationProgress
  const wrapped: MonitorTables = {
    ...inner,
    migrationProgress: {
      ...progress,
      scanAll: () => counted('scanAll', progress.scanAll()),
      byCustomer: (customer) =>
        counted('byCustomer', progress.byCustomer(customer)),
      byStatus: (status, options) =>
        counted('byStatus', progress.byStatus(status, options)),
    },
  }
  return { tables: wrapped, pages }
}

async function monitor(
  source: MonitorTables,
  options: MonitorOptions,
  runtime: MonitorRuntime = {}
): Promise<{ text: string; status: number }> {
  let text = ''
  const status = await runMonitor(
    source,
    options,
    { write: (chunk: string) => (text += chunk) },
    runtime
  )
  return { text, status }
}

before(async () => {
  for (let i = 0; i < 40; i++) {
    const completed = i < 20
    await tables.migrationProgress.update(BIG, bigSpace(i), {
      status: completed ? 'completed' : 'failed',
      totalUploads: completed ? 100 : 50,
      completedUploads: completed ? 100 : 50,
      instanceId: completed ? '1' : '2',
      workerId: `w${i % 2}`,
      gatewayDelegation: PADDING,
      error: completed ? '' : '2 uploads failed (see migration-failures)',
    })
  }
  await tables.migrationProgress.update(SMALL, 'did:key:z6MkRunning', {
    status: 'in-progress',
    totalUploads: 1000,
    completedUploads: 200,
    instanceId: '3',
    workerId: 'w7',
    lastProcessedUpload: 'bafkreiabc123',
  })
  await tables.migrationProgress.update(SMALL, 'did:key:z6MkWaiting', {
    status: 'pending',
  })
  const fail = (space: string, root: string, reason: string, customer = BIG) =>
    tables.migrationFailures.record({
      space,
      root,
      customer,
      instanceId: customer === BIG ? '2' : '3',
      // The worker of the space's row (`worker --worker-id`).
      workerId: customer === BIG ? `w${Number(space.slice(-2)) % 2}` : 'w7',
      step: 'index',
      reason,
      error: `${reason} for ${root}`,
    })
  await fail(bigSpace(20), 'bafyroot1', 'SHARD_NOT_FOUND')
  await fail(bigSpace(20), 'bafyroot2', 'SHARD_NOT_FOUND')
  await fail(bigSpace(21), 'bafyroot3', 'SHARD_NOT_FOUND')
  await fail(bigSpace(21), 'bafyroot4', 'INDEX_GENERATION_FAILED')
  await fail('did:key:z6MkRunning', 'bafyroot5', 'VERIFICATION_FAILED', SMALL)
})

describe('monitor on DynamoDB Local', () => {
  it('overall view: every page of the scan, by instance, with failed uploads by reason', async () => {
    const counted = countingPages(monitorTables(client, names))
    const { text, status } = await monitor(counted.tables, {})
    assert.equal(status, 0)
    assert.ok(counted.pages.scanAll > 1, `${counted.pages.scanAll} scan pages`)
    assert.match(
      text,
      /^Migration Progress Overview\n={70}\n\nTotal Spaces: 42\n {2}✓ Completed: 20 \(47\.6%\)\n {2}⏳ In Progress: 1\n {2}⏸️ {2}Pending: 1\n {2}✗ Failed: 20\n\nTotal Uploads: 4,000\n {2}✓ Completed: 3,200 \(80\.0%\)\n {4}of which 3,195 migrated \(79\.9%\), 5 failed\n\nFailed Uploads: 5\n {2}SHARD_NOT_FOUND: 3\n {2}INDEX_GENERATION_FAILED: 1\n {2}VERIFICATION_FAILED: 1\n\nProgress by Instance:\n-{70}\n\n/
    )
    assert.match(
      text,
      /\nInstance 1:\n {2}Spaces: 20\/20 \(100\.0%\)\n {2}Uploads: 2,000\/2,000 \(100\.0%\)\n\nInstance 2:\n {2}Spaces: 0\/20 \(0\.0%\)\n {2}Uploads: 1,000\/1,000 \(100\.0%\), 996 migrated, 4 failed\n\nInstance 3:\n {2}Spaces: 0\/1 \(0\.0%\)\n {2}Uploads: 200\/1,000 \(20\.0%\), 199 migrated, 1 failed\n\nNo instance:\n {2}Spaces: 0\/1 \(0\.0%\)\n {2}Uploads: 0\/0 \(0\.0%\)\n$/
    )
  })

  it('customer view: every page of the customer’s spaces', async () => {
    const counted = countingPages(monitorTables(client, names))
    const { text } = await monitor(counted.tables, { customer: BIG })
    assert.ok(counted.pages.byCustomer > 1, `${counted.pages.byCustomer} pages`)
    assert.match(
      text,
      /^Customer: did:mailto:paging\.com:a\n={70}\n\nTotal Spaces: 40\n\nStatus:\n {2}✓ Completed: 20\n {2}⏳ In Progress: 0\n {2}⏸️ {2}Pending: 0\n {2}✗ Failed: 20\n\nFailed Uploads: 4\n {2}SHARD_NOT_FOUND: 3\n {2}INDEX_GENERATION_FAILED: 1\n\nSpaces:\n-{70}\n/
    )
    assert.equal(
      text.match(/\n {2}✓ did:key:z6MkPaging\d\d \(100\/100 uploads\)/g)
        ?.length,
      20
    )
    assert.equal(
      text.match(
        /\n {2}✗ did:key:z6MkPaging\d\d \(50\/50 uploads\)\n {5}Error: /g
      )?.length,
      20
    )
    assert.doesNotMatch(text, /xxxx/)
  })

  it('space view: one row in full; a space without a row exits 1', async () => {
    const source = monitorTables(client, names)
    const { text, status } = await monitor(
      source,
      { customer: SMALL, space: 'did:key:z6MkRunning' },
      { timeZone: 'UTC' }
    )
    assert.equal(status, 0)
    assert.match(
      text,
      /^Space Migration Status\n={70}\n\nSpace: did:key:z6MkRunning\nCustomer: did:mailto:small\.com:b\nStatus: ⏳ in-progress\n\nUploads: 200\/1,000\n\nFailed Uploads: 1\n {2}VERIFICATION_FAILED: 1\n\nInstance: 3\nWorker: w7\n\nCreated: \d+\/\d+\/\d{4}, \d+:\d\d:\d\d [AP]M\nUpdated: .+\n\nLast Upload: bafkreiabc123\n$/
    )
    const missing = await monitor(source, {
      customer: SMALL,
      space: 'did:key:z6MkNone',
    })
    assert.equal(missing.status, 1)
    assert.match(missing.text, /No progress recorded for this space/)
  })

  it('instance view: that instance’s spaces by worker', async () => {
    const { text } = await monitor(monitorTables(client, names), {
      instance: '2',
    })
    assert.match(
      text,
      /^Instance 2 Progress\n={70}\n\nTotal Spaces: 20\n {2}✓ Completed: 0\n {2}⏳ In Progress: 0\n {2}⏸️ {2}Pending: 0\n {2}✗ Failed: 20\n\nTotal Uploads: 1,000\n {2}✓ Completed: 1,000\n {4}of which 996 migrated \(99\.6%\), 4 failed\n\nProgress by Worker:\n-{70}\n {2}Worker w0: 0\/10 completed\n {4}Failed: 10\n {4}Failed Uploads: 2\n {2}Worker w1: 0\/10 completed\n {4}Failed: 10\n {4}Failed Uploads: 2\n$/
    )
  })

  it('failed view: every page of failed spaces, newest first, and failed uploads by reason', async () => {
    const counted = countingPages(monitorTables(client, names))
    const { text } = await monitor(counted.tables, { failed: true })
    assert.ok(counted.pages.byStatus > 1, `${counted.pages.byStatus} pages`)
    assert.match(
      text,
      /^Failed Migrations\n={70}\n\nTotal Failed: 20\n\nFailed Uploads: 5\n {2}SHARD_NOT_FOUND: 3\n/
    )
    const listed = [...text.matchAll(/\n✗ (did:key:\S+)\n/g)].map((m) => m[1])
    assert.equal(listed.length, 20)
    assert.equal(listed[0], bigSpace(39), 'the last one updated comes first')
    assert.match(
      text,
      /\n✗ did:key:z6MkPaging20\n {2}Customer: did:mailto:paging\.com:a\n {2}Instance: 2, Worker: w0\n {2}Error: 2 uploads failed \(see migration-failures\)\n {2}Updated: /
    )

    const narrowed = await monitor(monitorTables(client, names), {
      failed: true,
      customer: SMALL,
    })
    assert.match(
      narrowed.text,
      /\nTotal Failed: 0\n\nFailed Uploads: 1\n {2}VERIFICATION_FAILED: 1\n$/
    )
  })

  it('stuck view: in-progress rows not updated for --stuck-minutes', async () => {
    const source = monitorTables(client, names)
    const fresh = await monitor(source, { stuck: true })
    assert.match(
      fresh.text,
      /^Stuck Migrations \(in-progress >1 hour\)\n={70}\n\nTotal Stuck: 0\n$/
    )

    const later = new Date(Date.now() + 45 * 60_000)
    const { text } = await monitor(
      source,
      { stuck: true, stuckMinutes: 30 },
      { now: () => later }
    )
    assert.match(
      text,
      /\nTotal Stuck: 1\n\n⏳ did:key:z6MkRunning\n {2}Customer: did:mailto:small\.com:b\n {2}Instance: 3, Worker: w7\n {2}Stuck for: 4[45] minutes\n {2}Progress: 200\/1,000 uploads\n {2}Last Update: .+\n$/
    )
    const hourLater = await monitor(
      source,
      { stuck: true, stuckMinutes: 60 },
      { now: () => later }
    )
    assert.match(
      hourLater.text,
      /^Stuck Migrations \(in-progress >1 hour\)\n[^]*\nTotal Stuck: 0\n$/
    )
  })

  it('--json: every view parses, with the same counts', async () => {
    const source = monitorTables(client, names)
    const later = new Date(Date.now() + 45 * 60_000)
    const views: [MonitorOptions, (json: Record<string, unknown>) => void][] = [
      [
        {},
        (j) =>
          assert.deepEqual(j.total, {
            spaces: {
              total: 42,
              completed: 20,
              inProgress: 1,
              pending: 1,
              failed: 20,
            },
            uploads: { total: 4000, completed: 3200 },
          }),
      ],
      [
        { customer: BIG },
        (j) => assert.equal((j.spaces as unknown[]).length, 40),
      ],
      [
        { customer: SMALL, space: 'did:key:z6MkRunning' },
        (j) =>
          assert.equal(
            (j.progress as { completedUploads: number }).completedUploads,
            200
          ),
      ],
      [
        { instance: '1' },
        (j) => assert.equal((j.byWorker as unknown[]).length, 2),
      ],
      [
        { failed: true },
        (j) =>
          assert.deepEqual((j.failedUploads as { total: number }).total, 5),
      ],
      [
        { stuck: true, stuckMinutes: 30 },
        (j) => assert.equal((j.spaces as unknown[]).length, 1),
      ],
    ]
    for (const [options, check] of views) {
      const { text } = await monitor(
        source,
        { ...options, json: true },
        { now: () => later }
      )
      assert.equal(text.trim().split('\n').length, 1)
      const json = JSON.parse(text) as Record<string, unknown>
      assert.equal(typeof json.view, 'string')
      assert.equal(json.at, later.toISOString())
      assert.doesNotMatch(text, /xxxx/, 'no gateway delegation in the output')
      check(json)
    }
  })

  it('--watch re-reads the table each refresh', async () => {
    const WATCHED = 'did:mailto:watch.com:c'
    await tables.migrationProgress.update(WATCHED, 'did:key:z6MkWatched', {
      status: 'pending',
    })
    const sleeps: number[] = []
    const { text } = await monitor(
      monitorTables(client, names),
      { watch: true, interval: 5, customer: WATCHED },
      {
        iterations: 2,
        sleep: async (ms) => {
          sleeps.push(ms)
          await tables.migrationProgress.update(
            WATCHED,
            'did:key:z6MkWatched',
            {
              status: 'in-progress',
              instanceId: '3',
              workerId: 'w8',
            }
          )
        },
      }
    )
    assert.deepEqual(sleeps, [5000])
    const [first, second] = text.split('Refreshed ')
    assert.match(first ?? '', /⏸️ {2}Pending: 1\n/)
    assert.match(second ?? '', /⏸️ {2}Pending: 0\n/)
    assert.match(second ?? '', /⏳ In Progress: 1\n/)
    assert.match(second ?? '', /\n {5}Instance: 3, Worker: w8\n/)
  })
})

describe('monitor overview over the plan, on DynamoDB Local', () => {
  it("counts setup-distribution's planned spaces and uploads, started or not", async () => {
    const fresh = await freshTables(await testStack())
    const planned = useTables(fresh.client, fresh.names)
    // Three customers planned on two instances; only one space of one of them has started.
    await planned.migrationCustomers.assign('did:mailto:plan.com:a', {
      instanceId: '1',
      totalSpaces: 3,
      totalUploads: 300,
    })
    await planned.migrationCustomers.assign('did:mailto:plan.com:b', {
      instanceId: '1',
      totalSpaces: 1,
      totalUploads: 100,
    })
    await planned.migrationCustomers.assign('did:mailto:plan.com:c', {
      instanceId: '2',
      totalSpaces: 4,
      totalUploads: 600,
    })
    await planned.migrationProgress.update(
      'did:mailto:plan.com:a',
      'did:key:z6MkPlanned1',
      {
        status: 'in-progress',
        totalUploads: 100,
        completedUploads: 60,
        instanceId: '1',
      }
    )
    await planned.migrationFailures.record({
      space: 'did:key:z6MkPlanned1',
      root: 'bafyplanned',
      customer: 'did:mailto:plan.com:a',
      instanceId: '1',
      step: 'index',
      reason: 'SHARD_NOT_FOUND',
      error: 'missing',
    })
    const { text } = await monitor(monitorTables(fresh.client, fresh.names), {})
    assert.match(
      text,
      /\nTotal Spaces: 8 planned\n {2}✓ Completed: 0 \(0\.0%\)\n {2}⏳ In Progress: 1\n {2}⏸️ {2}Pending: 0\n {2}✗ Failed: 0\n {2}· Not Started: 7\n\nTotal Uploads: 1,000 planned\n {2}✓ Completed: 60 \(6\.0%\)\n {4}of which 59 migrated \(5\.9%\), 1 failed\n/
    )
    assert.match(
      text,
      /\nInstance 1:\n {2}Spaces: 0\/4 \(0\.0%\)\n {2}Uploads: 60\/400 \(15\.0%\), 59 migrated, 1 failed\n\nInstance 2:\n {2}Spaces: 0\/4 \(0\.0%\)\n {2}Uploads: 0\/600 \(0\.0%\)\n$/
    )
    const json = JSON.parse(
      (await monitor(monitorTables(fresh.client, fresh.names), { json: true }))
        .text
    )
    assert.deepEqual(json.planned, { customers: 3, spaces: 8, uploads: 1_000 })
  })
})
