import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { runEstimate } from '../../src/client/estimate/index.js'
import { runReset, type ResetRuntime } from '../../src/client/reset/index.js'
import { adminTables } from '../../src/client/shared/index.js'
import { runStats, type StatsOptions } from '../../src/client/stats/index.js'
import type { ResetOptions } from '../../src/client/reset/index.js'
import type { EstimateOptions } from '../../src/client/estimate/index.js'
import { useTables } from '../../src/services/dynamo/index.js'
import { batchPutAll } from '../../src/services/dynamo/paginate.js'
import {
  toItem,
  type UploadRecord,
} from '../../src/services/dynamo/upload-table.js'
import { freshTables, testStack } from '../helpers/stack.js'

const { client, names } = await freshTables(await testStack())
const tables = useTables(client, names)
const admin = adminTables(client, names)

const A = 'did:mailto:alpha.com:a'
const B = 'did:mailto:beta.com:b'
const C = 'did:mailto:gamma.com:c'
const A1 = 'did:key:z6MkAlphaOne'
const A2 = 'did:key:z6MkAlphaTwo'
const A_OWN = 'did:key:z6MkAlphaMigration'
const B1 = 'did:key:z6MkBetaOne'
const C1 = 'did:key:z6MkGammaOne'
const root = (space: string, i: number) =>
  `bafy${space.slice(-6).toLowerCase()}${String(i).padStart(4, '0')}`
/** Shards of upload i: 1, 2, 3, 1, 2, 3, ... */
const shardsOf = (i: number) => (i % 3) + 1

async function capture<T>(
  run: (out: { write(text: string): void }) => Promise<T>
): Promise<{ text: string; status: T }> {
  let text = ''
  const status = await run({ write: (chunk) => (text += chunk) })
  return { text, status }
}

const stats = (options: StatsOptions) =>
  capture((out) => runStats(admin, options, out))
const estimate = (options: EstimateOptions) =>
  capture((out) => runEstimate(admin, options, out))
async function reset(options: ResetOptions, runtime: ResetRuntime = {}) {
  let errors = ''
  const result = await capture((out) =>
    runReset(admin, options, out, {
      interactive: false,
      errors: { write: (chunk: string) => (errors += chunk) },
      ...runtime,
    })
  )
  return { ...result, errors }
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const rows: T[] = []
  for await (const page of pages) rows.push(...page)
  return rows
}

/** Every row reset could touch, and the upload rows, as they stand. */
async function snapshot() {
  const byKey = (a: { key: string }, b: { key: string }) =>
    a.key.localeCompare(b.key)
  const progress = (await collect(tables.migrationProgress.scanAll()))
    .map((row) => ({ key: `${row.customer} ${row.space}`, row }))
    .sort(byKey)
  const customers = (await collect(tables.migrationCustomers.scanAll()))
    .map((row) => ({ key: row.customer, row }))
    .sort(byKey)
  const failures = (await collect(admin.migrationFailures.scanSummaries()))
    .map((row) => ({ key: `${row.space} ${row.root}`, row }))
    .sort(byKey)
  const uploads = await tables.upload.count(A1)
  return { progress, customers, failures, uploads }
}

const progressOf = async (customer: string, space: string) => {
  const row = await tables.migrationProgress.get(customer, space)
  assert.ok(row, `${customer} ${space} has a progress row`)
  return row
}

before(async () => {
  // Progress as a run leaves it: A done and failed, B running, C done.
  await tables.migrationProgress.update(A, A1, {
    status: 'completed',
    totalUploads: 300,
    completedUploads: 300,
    lastProcessedUpload: root(A1, 299),
    gatewayDelegation: 'bafyreigatewaya1',
    instanceId: '1',
    workerId: 'w1',
  })
  await tables.migrationProgress.update(A, A2, {
    status: 'failed',
    totalUploads: 40,
    completedUploads: 40,
    lastProcessedUpload: root(A2, 39),
    gatewayDelegation: 'bafyreigatewaya2',
    instanceId: '1',
    error: '2 uploads failed (see migration-failures)',
  })
  await tables.migrationProgress.update(B, B1, {
    status: 'in-progress',
    totalUploads: 1000,
    completedUploads: 250,
    lastProcessedUpload: root(B1, 249),
    gatewayDelegation: 'bafyreigatewayb1',
    instanceId: '1',
  })
  await tables.migrationProgress.update(C, C1, {
    status: 'completed',
    totalUploads: 2000,
    completedUploads: 2000,
    lastProcessedUpload: root(C1, 1999),
    gatewayDelegation: 'bafyreigatewayc1',
    instanceId: '2',
  })
  await tables.migrationCustomers.update(A, {
    instanceId: '1',
    status: 'failed',
    totalSpaces: 2,
    completedSpaces: 1,
    totalUploads: 340,
    completedUploads: 340,
    error: 'A2 failed',
  })
  await tables.migrationCustomers.update(B, {
    instanceId: '1',
    status: 'in-progress',
    totalSpaces: 1,
    totalUploads: 1000,
    completedUploads: 250,
  })
  await tables.migrationCustomers.update(C, {
    instanceId: '2',
    status: 'completed',
    totalSpaces: 1,
    completedSpaces: 1,
    totalUploads: 2000,
    completedUploads: 2000,
    completedAt: '2025-06-01T00:00:00.000Z',
  })
  const failure = (
    space: string,
    customer: string,
    i: number,
    reason: string
  ) =>
    tables.migrationFailures.record({
      space,
      root: root(space, i),
      customer,
      instanceId: '1',
      step: 'index',
      reason,
      error: `${reason} on purpose`,
    })
  await failure(A2, A, 3, 'SHARD_NOT_FOUND')
  await failure(A2, A, 7, 'INDEX_REJECTED')
  await failure(C1, C, 1, 'SHARD_NOT_FOUND')
  // The legacy side: A's spaces (and its own migration space) with upload rows.
  for (const [i, space] of [A1, A2, A_OWN].entries())
    await tables.consumer.putIfAbsent({
      subscription: `sub-${i}`,
      provider: 'did:web:test.up.storacha.network',
      consumer: space,
      customer: A,
    })
  await tables.migrationSpaces.createOrGet({
    customer: A,
    migrationSpace: A_OWN,
    spaceName: 'migration',
    privateKey: '{}',
    status: 'delegated',
    created: '2025-01-01T00:00:00.000Z',
    indexCount: 0,
  })
  // 25 rows per request: hundreds of puts at once time out on a busy machine.
  const uploads: UploadRecord[] = [
    ...Array.from({ length: 300 }, (_, i) => ({
      space: A1,
      root: root(A1, i),
      shards: Array.from({ length: shardsOf(i) }, (_, s) => `bagcar${i}x${s}`),
    })),
    ...Array.from({ length: 40 }, (_, i) => ({
      space: A2,
      root: root(A2, i),
      shards: i < 10 ? [] : [`bagcar-a2-${i}`],
    })),
    { space: A_OWN, root: 'bafyindex', shards: ['x', 'y'] },
  ]
  await batchPutAll(client, names.upload, uploads.map(toItem))
})

describe('stats', () => {
  it('adds up every table of the whole migration', async () => {
    const { text, status } = await stats({})
    assert.equal(status, 0)
    assert.match(text, /^Stats: all customers\n/)
    assert.match(
      text,
      /Uploads +2,590\/3,340 processed \(77\.5%\), 3,340 planned \(77\.5%\)/
    )
    assert.match(
      text,
      /Spaces +2\/4 completed \(50\.0%\) · 1 in progress · 0 pending · 1 failed · 4 planned/
    )
    assert.match(
      text,
      /Customers +1\/3 completed \(33\.3%\) · 1 in progress · 0 pending · 1 failed/
    )
    assert.match(
      text,
      /Failed uploads +3\n {2}SHARD_NOT_FOUND +2\n {2}INDEX_REJECTED +1\n/
    )
  })

  it('narrows to a customer or an instance, and prints JSON', async () => {
    const { text } = await stats({ customer: A, json: true })
    assert.equal(text.trim().split('\n').length, 1)
    const json = JSON.parse(text)
    assert.deepEqual(json.scope, { kind: 'customer', customer: A })
    assert.equal(json.uploads.total, 340)
    assert.equal(json.uploads.processed, 340)
    assert.equal(json.spaces.failed, 1)
    assert.equal(json.customers.total, 1)
    assert.equal(json.failedUploads.total, 2)

    const instance = JSON.parse(
      (await stats({ instance: '1', json: true })).text
    )
    assert.equal(instance.spaces.total, 3)
    assert.equal(instance.uploads.total, 1340)
    assert.equal(instance.uploads.processed, 590)
    assert.equal(instance.customers.total, 2)
    assert.equal(instance.customers.inProgress, 1)
    assert.equal(instance.failedUploads.total, 2)
  })
})

describe('estimate', () => {
  it('counts a seeded space and samples its shards', async () => {
    const { text, status } = await estimate({ space: A1, json: true })
    assert.equal(status, 0)
    const json = JSON.parse(text)
    assert.equal(json.uploads, 300)
    assert.equal(json.uploadsBasis, 'counted')
    // 300 rows of 1, 2, 3 shards: 600 shards, all of them sampled.
    assert.equal(json.sample.rows, 300)
    assert.equal(json.sample.shards, 600)
    assert.equal(json.sample.shardsPerUpload, 2)
    assert.equal(json.shards, 600)
    assert.equal(json.indexWorkerRequests.atLeast, 600)
    assert.equal(json.temporal.historyEvents, Math.round(300 * 1.143))
    assert.equal(json.temporal.billableActions, Math.round(300 * 0.198))
    assert.equal(json.time.seconds, Math.round(300 / (5 * 4.1)))
  })

  it('reads no more rows than --sample', async () => {
    const json = JSON.parse(
      (
        await estimate({
          space: A1,
          sample: 30,
          workers: 2,
          uploadsPerSecond: 10,
          json: true,
        })
      ).text
    )
    assert.equal(json.sample.rows, 30)
    assert.equal(json.uploads, 300)
    assert.equal(json.time.seconds, 15)
    assert.equal(json.time.rateSource, 'flag')
  })

  it('counts a customer’s spaces, leaving out its migration space', async () => {
    const { text } = await estimate({ customer: A, sample: 1000 })
    assert.match(text, /^Estimate: customer did:mailto:alpha\.com:a\n/)
    assert.match(text, /Spaces +2\n/)
    assert.match(text, /Uploads +340 \(counted in the upload table\)/)
    // 600 shards in A1 and 30 in A2 over 340 rows, 10 of which list none.
    assert.match(
      text,
      /340 upload rows[^\n]*1\.85 per upload, at most 3; 10 list no shards/
    )
    assert.match(text, /Index-worker requests +≥ 630 \(worst case assumed/)
    assert.match(
      text,
      /Time +~1 minute with 5 hosts at 4\.1 uploads\/s each \(default: [^\n]*pessimistic/
    )
  })

  it('takes an instance’s uploads from the plan', async () => {
    const json = JSON.parse(
      (await estimate({ instance: '1', json: true })).text
    )
    assert.equal(json.uploadsBasis, 'planned')
    assert.equal(json.customers, 2)
    assert.equal(json.uploads, 1340)
    assert.equal(json.spaces, 3)
    assert.equal(json.sample.rows, 340)
  })
})

describe('reset', () => {
  it('a dry run prints the scope and writes nothing', async () => {
    const before = await snapshot()
    const { text, status } = await reset({ customer: A, failures: true })
    assert.equal(status, 0)
    assert.match(text, /^Reset \(dry run\): customer did:mailto:alpha\.com:a\n/)
    assert.match(
      text,
      /Space progress rows to reset: 2 of 2 \(1 completed · 1 failed\)/
    )
    assert.match(
      text,
      new RegExp(
        `${A1} +completed +300/300 uploads +\\(gateway delegation kept\\)`
      )
    )
    assert.match(text, /Customer rows to reset: 1 of 1 \(1 failed\)/)
    assert.match(text, /Failure rows to delete: 2 \(--failures\)/)
    assert.match(text, /Dry run: nothing written/)
    assert.deepEqual(await snapshot(), before)

    const all = await reset({ all: true })
    assert.match(all.text, /Space progress rows to reset: 4 of 4/)
    assert.match(all.text, /warning: 1 space in progress/)
    assert.match(all.text, /Failure rows kept: 3/)
    assert.deepEqual(await snapshot(), before)
  })

  it('--execute refuses without a terminal or --yes, and on a no', async () => {
    const before = await snapshot()
    const refused = await reset({ customer: A, execute: true })
    assert.equal(refused.status, 2)
    assert.equal(refused.text, '')
    assert.match(refused.errors, /^error: [^\n]*--yes[^\n]*\n$/)
    const questions: string[] = []
    const declined = await reset(
      { customer: A, execute: true },
      {
        interactive: true,
        ask: async (question) => {
          questions.push(question)
          return false
        },
      }
    )
    assert.equal(declined.status, 1)
    assert.equal(questions.length, 1)
    assert.match(declined.text, /Nothing reset\.\n$/)
    assert.deepEqual(await snapshot(), before)
  })

  it('--execute --yes resets exactly the customer and keeps gatewayDelegation', async () => {
    const before = await snapshot()
    const { text, status } = await reset({
      customer: A,
      failures: true,
      execute: true,
      yes: true,
    })
    assert.equal(status, 0)
    assert.match(
      text,
      /Reset 2 space progress rows and 1 customer row; deleted 2 failure rows\.\n$/
    )
    for (const [space, total, delegation] of [
      [A1, 300, 'bafyreigatewaya1'],
      [A2, 40, 'bafyreigatewaya2'],
    ] as const) {
      const row = await progressOf(A, space)
      assert.equal(row.status, 'pending')
      assert.equal(row.completedUploads, 0)
      assert.equal(row.lastProcessedUpload || undefined, undefined)
      assert.equal(row.error, '')
      assert.equal(row.gatewayDelegation, delegation)
      assert.equal(row.totalUploads, total)
      assert.equal(row.instanceId, '1')
    }
    const a = await tables.migrationCustomers.get(A)
    assert.equal(a?.status, 'pending')
    assert.equal(a?.completedSpaces, 0)
    assert.equal(a?.completedUploads, 0)
    assert.equal(a?.error, '')
    assert.equal(a?.totalUploads, 340)
    assert.equal(a?.instanceId, '1')
    const after = await snapshot()
    // Nothing outside the scope changed; the upload rows are all there.
    const others = (s: typeof before) => ({
      progress: s.progress.filter((p) => p.row.customer !== A),
      customers: s.customers.filter((c) => c.row.customer !== A),
      failures: s.failures.filter((f) => f.row.customer !== A),
      uploads: s.uploads,
    })
    assert.deepEqual(others(after), others(before))
    assert.equal(after.failures.filter((f) => f.row.customer === A).length, 0)
    assert.equal(await tables.upload.count(A2), 40)

    // A second reset has nothing left to do.
    const again = await reset({ customer: A, execute: true, yes: true })
    assert.match(again.text, /Space progress rows to reset: 0 of 2/)
    assert.match(again.text, /Nothing to reset\.\n$/)
  })

  it('a space’s reset leaves the customer’s other rows and counts', async () => {
    const before = await snapshot()
    const { status, text } = await reset({
      customer: C,
      space: C1,
      execute: true,
      yes: true,
    })
    assert.equal(status, 0)
    assert.match(text, /Failure rows kept: 1/)
    const row = await progressOf(C, C1)
    assert.equal(row.status, 'pending')
    assert.equal(row.completedUploads, 0)
    assert.equal(row.gatewayDelegation, 'bafyreigatewayc1')
    const c = await tables.migrationCustomers.get(C)
    assert.equal(c?.status, 'pending')
    assert.equal(c?.completedSpaces, 1, 'counts are left to the next run')
    assert.equal(c?.completedAt || undefined, undefined)
    const after = await snapshot()
    assert.deepEqual(after.failures, before.failures)
    assert.deepEqual(
      after.progress.filter((p) => p.row.customer !== C),
      before.progress.filter((p) => p.row.customer !== C)
    )
  })

  it('an instance is the customers assigned to it', async () => {
    const { text, status } = await reset({
      instance: '1',
      execute: true,
      yes: true,
    })
    assert.equal(status, 0)
    // A is already reset: only B's space and row are written.
    assert.match(
      text,
      /Reset 1 space progress row and 1 customer row; deleted 0 failure rows/
    )
    const b1 = await progressOf(B, B1)
    assert.equal(b1.status, 'pending')
    assert.equal(b1.gatewayDelegation, 'bafyreigatewayb1')
    assert.equal((await tables.migrationCustomers.get(B))?.status, 'pending')
    const json = JSON.parse((await stats({ json: true })).text)
    assert.equal(json.uploads.processed, 0)
    assert.equal(json.spaces.pending, 4)
    assert.equal(json.failedUploads.total, 1)
  })
})
