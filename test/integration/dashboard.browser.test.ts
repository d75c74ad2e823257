import assert from 'node:assert/strict'
import { after, before, describe, it, type TestContext } from 'node:test'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import type { Browser, Page } from 'puppeteer-core'
import {
  dashboardTables,
  type RunningServer,
  startDashboard,
} from '../../src/client/dashboard/index.js'
import { useTables } from '../../src/services/dynamo/index.js'
import { instanceWorkflowId } from '../../src/workflows/ids.js'
import {
  openBrowserPage,
  rowsOf,
  textOf,
  untilRows as rowsShown,
  untilText as textShown,
} from '../helpers/browser.js'
import { freshTables, testStack } from '../helpers/stack.js'

const { client, names } = await freshTables(await testStack())
const tables = useTables(client, names)
const UI = 'http://127.0.0.1:8233'

/** 27 customers on instance 1 (more than one page of 25), 2 on instance 2. */
const customerOf = (i: number) =>
  `did:mailto:dash.example:c${String(i).padStart(2, '0')}`
const INSTANCE_1 = Array.from({ length: 27 }, (_, i) => customerOf(i))
const INSTANCE_2 = [customerOf(90), customerOf(91)]
const PAUSED = customerOf(91)
const REFUSAL =
  'upload-service space/blob/add: ServiceUnavailable: writes are disabled'
const space = (i: number) =>
  `did:key:z6MkDashSpace${String(i).padStart(3, '0')}`

async function seed() {
  for (const customer of INSTANCE_1)
    await tables.migrationCustomers.assign(customer, {
      instanceId: '1',
      totalSpaces: 2,
      totalUploads: 100,
    })
  for (const customer of INSTANCE_2)
    await tables.migrationCustomers.assign(customer, {
      instanceId: '2',
      totalSpaces: 1,
      totalUploads: 500,
    })
  // Instance 1: the first customer's two spaces done, the second's one failed.
  await progress(INSTANCE_1[0]!, space(0), 'completed', 60, 60, '1')
  await progress(INSTANCE_1[0]!, space(1), 'completed', 40, 40, '1')
  await progress(INSTANCE_1[1]!, space(2), 'failed', 50, 50, '1')
  // Instance 2: one space running, and one paused by a service refusing writes.
  await progress(INSTANCE_2[0]!, space(3), 'in-progress', 500, 120, '2')
  await progress(PAUSED, space(4), 'in-progress', 500, 30, '2')
  await tables.migrationCustomers.update(PAUSED, { status: 'in-progress' })
  const at = new Date().toISOString()
  await tables.migrationCustomers.setPause(PAUSED, { reason: REFUSAL, at })
  await tables.migrationProgress.setPause(PAUSED, space(4), {
    reason: REFUSAL,
    at,
  })
  // A space of instance 1 last updated three hours ago: stuck.
  await client.send(
    new PutCommand({
      TableName: names.migrationProgress,
      Item: {
        customer: INSTANCE_1[2],
        space: space(5),
        status: 'in-progress',
        totalUploads: 10,
        completedUploads: 4,
        instanceId: '1',
        workerId: 'host-a',
        error: '',
        createdAt: hoursAgo(4),
        updatedAt: hoursAgo(3),
      },
    })
  )
  for (let i = 0; i < 30; i++)
    await failure(
      space(2),
      `bafyShardNotFound${String(i).padStart(2, '0')}`,
      'SHARD_NOT_FOUND'
    )
  await failure(space(2), 'bafySizeUnknown', 'SHARD_SIZE_UNKNOWN')
}

const hoursAgo = (h: number) =>
  new Date(Date.now() - h * 3_600_000).toISOString()

async function progress(
  customer: string,
  spaceDid: string,
  status: 'completed' | 'failed' | 'in-progress',
  totalUploads: number,
  completedUploads: number,
  instanceId: string
) {
  await tables.migrationProgress.update(customer, spaceDid, {
    status,
    totalUploads,
    completedUploads,
    instanceId,
    workerId: 'host-a',
  })
}

async function failure(spaceDid: string, root: string, reason: string) {
  await tables.migrationFailures.record({
    space: spaceDid,
    root,
    customer: INSTANCE_1[1]!,
    instanceId: '1',
    step: 'check',
    reason,
    error: `${reason} for ${root}`,
  })
}

let skipReason: string | undefined
let dashboard: RunningServer
let browser: Browser
let page: Page
let problems: string[] = []

before(async () => {
  const opened = await openBrowserPage()
  if ('skip' in opened) {
    skipReason = opened.skip
    return
  }
  ;({ browser, page, problems } = opened)
  await seed()
  dashboard = await startDashboard(
    {
      tables: dashboardTables(client, names),
      env: 'local',
      temporal: { uiUrl: UI, namespace: 'default' },
    },
    {
      port: 0,
      host: '127.0.0.1',
      interval: 0.5,
      stuckMinutes: 60,
      mode: 'full',
    }
  )
})

after(async () => {
  await browser?.close()
  await dashboard?.close()
})

/** Skips the test, saying why, when Chromium could not be installed; else true. */
function canRun(t: TestContext): boolean {
  if (!skipReason) return true
  t.skip(skipReason)
  return false
}

const text = (selector: string) => textOf(page, selector)
const rowTexts = (table: string) => rowsOf(page, table)
const untilText = (selector: string, expected: string) =>
  textShown(page, selector, expected)
const untilRows = (table: string, count: number) =>
  rowsShown(page, table, count)

describe('the dashboard in a real headless Chromium', () => {
  it('loads and shows the plan and progress the tables hold', async (t) => {
    if (!canRun(t)) return
    await page.goto(dashboard.url, { waitUntil: 'load' })
    await page.waitForSelector('body[data-read-at]')
    // Planned: 27 × 100 + 2 × 500 uploads; processed: 60 + 40 + 50 + 120 + 30 + 4.
    assert.equal(await text('#overall-planned'), '3,700')
    assert.equal(await text('#overall-processed'), '304')
    assert.equal(await text('#overall-percent'), '8.2%')
    assert.equal(await text('#overall-spaces'), '2 / 56')
    assert.equal(await text('#failed-total'), '31')
    assert.deepEqual(await rowTexts('#instances'), [
      ['1', '27', '54', '2', '1', '1', '2,700', '154', '5.7%'],
      ['2', '2', '2', '0', '2', '0', '1,000', '150', '15.0%'],
    ])
    const link = await page.$eval('#instances tr[data-instance="1"] a', (a) =>
      a.getAttribute('href')
    )
    assert.equal(
      link,
      `${UI}/namespaces/default/workflows/${encodeURIComponent(instanceWorkflowId({ env: 'local', mode: 'full' }, '1'))}`
    )
    assert.deepEqual(await rowTexts('#reasons'), [
      ['SHARD_NOT_FOUND', '30'],
      ['SHARD_SIZE_UNKNOWN', '1'],
    ])
    assert.equal(await text('#stuck-count'), '1')
    assert.equal((await rowTexts('#stuck'))[0]?.[0], space(5))
    const pause = await page.$eval('#pause-list li', (li) => ({
      kind: li.dataset.kind,
      text: li.textContent ?? '',
    }))
    assert.equal(pause.kind, 'refused-writes')
    assert.match(
      pause.text,
      /Writes refused: .*ServiceUnavailable.* 1 customers, 1 spaces/
    )
    assert.equal((await page.$('#chart canvas')) !== null, true)
  })

  it('pages through the customers, 25 at a time', async (t) => {
    if (!canRun(t)) return
    await untilRows('#customers', 25)
    const first = await rowTexts('#customers')
    await page.click('#customers-next')
    await untilRows('#customers', 4)
    const all = [...first, ...(await rowTexts('#customers'))]
    assert.deepEqual(
      new Set(all.map((row) => row[0])),
      new Set([...INSTANCE_1, ...INSTANCE_2])
    )
    assert.deepEqual(
      all.find((row) => row[0] === INSTANCE_1[0]),
      [INSTANCE_1[0], '1', 'pending', '2', '2', '100', '100', '100.0%']
    )
    await page.select('#customer-instance', '2')
    await untilRows('#customers', 2)
    const paused = (await rowTexts('#customers')).find((r) => r[0] === PAUSED)
    assert.equal(paused?.[2], `paused: ${REFUSAL}`)
  })

  it('lists the failed uploads of a reason, a page at a time', async (t) => {
    if (!canRun(t)) return
    await page.click('#reasons a[data-reason="SHARD_NOT_FOUND"]')
    await untilRows('#failure-list', 25)
    assert.equal(await page.$eval('#failures-more', (b) => b.disabled), false)
    await page.click('#failures-more')
    await untilRows('#failure-list', 30)
    const roots = await page.$$eval('#failure-list tbody tr', (rows) =>
      rows.map((row) => row.getAttribute('data-root'))
    )
    assert.equal(new Set(roots).size, 30)
    assert.ok(roots.every((root) => root?.startsWith('bafyShardNotFound')))
    await untilText('#failures-count', '30 shown, all of them')
  })

  it('updates as the rows change, and charts the throughput', async (t) => {
    if (!canRun(t)) return
    await progress(INSTANCE_2[0]!, space(3), 'in-progress', 500, 320, '2')
    await progress(INSTANCE_1[2]!, space(6), 'completed', 100, 100, '1')
    await untilText('#overall-processed', '604')
    await untilText('#overall-spaces', '3 / 56')
    const state = (await page.evaluate(() =>
      fetch('/api/state').then((res) => res.json())
    )) as {
      throughput: {
        samples: unknown[]
        perSecond?: number
        etaSeconds?: number
      }
    }
    assert.ok(state.throughput.samples.length >= 2)
    assert.ok(
      (state.throughput.perSecond ?? 0) > 0,
      'a rate once uploads moved'
    )
    assert.notEqual(await text('#rate'), '–')
    assert.notEqual(await text('#eta'), '–')
  })

  it('logged no console error, page error or failed request', (t) => {
    if (!canRun(t)) return
    assert.deepEqual(problems, [])
  })
})
