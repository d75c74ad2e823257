import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  formatDate,
  formatMinutes,
  formatPercent,
  type Tally,
} from '../../src/client/shared/index.js'
import {
  type InstanceView,
  type MonitorOptions,
  type MonitorTables,
  type OverallView,
  optionsProblem,
  renderFailed,
  renderInstance,
  renderOverall,
  runMonitor,
  selectView,
  summarize,
} from '../../src/client/monitor/index.js'
import type { CustomerProgress } from '../../src/services/dynamo/migration-customers-table.js'
import type { UploadFailure } from '../../src/services/dynamo/migration-failures-table.js'
import type {
  MigrationStatus,
  SpaceProgress,
} from '../../src/services/dynamo/migration-progress-table.js'

const UTC = { timeZone: 'UTC' }
const USER = 'did:mailto:example.com:user'
const OTHER = 'did:mailto:example.com:other'

const lines = (text: string): string => text.replace(/^\n/, '')

const row = (
  fields: Partial<SpaceProgress> & { space: string; status: MigrationStatus }
): SpaceProgress => ({
  customer: USER,
  totalUploads: 0,
  completedUploads: 0,
  error: '',
  createdAt: '2025-10-31T14:00:00.000Z',
  updatedAt: '2025-10-31T14:00:00.000Z',
  ...fields,
})

const failure = (
  fields: Partial<UploadFailure> & { space: string; reason: string }
): UploadFailure => ({
  root: `bafy${Math.random()}`,
  customer: USER,
  step: 'index',
  error: 'boom',
  attempts: 1,
  failedAt: '2025-10-31T14:00:00.000Z',
  ...fields,
})

async function* pagesOf<T>(items: readonly T[], size = 2) {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size)
  if (items.length === 0) yield []
}

/** The monitor's reads over arrays, in pages of two, the way the DynamoDB tables answer them. */
function memoryTables(
  rows: readonly SpaceProgress[],
  failures: readonly UploadFailure[] = [],
  customers: readonly CustomerProgress[] = []
): MonitorTables {
  return {
    migrationCustomers: {
      get: async (customer) => customers.find((c) => c.customer === customer),
      byStatus: (status) =>
        pagesOf(customers.filter((c) => c.status === status)),
      scanAll: () => pagesOf(customers),
    },
    migrationProgress: {
      get: async (customer, space) =>
        rows.find((r) => r.customer === customer && r.space === space),
      byCustomer: (customer) =>
        pagesOf(rows.filter((r) => r.customer === customer)),
      byStatus: (status, { updatedBefore } = {}) =>
        pagesOf(
          rows
            .filter(
              (r) =>
                r.status === status &&
                (!updatedBefore || r.updatedAt < updatedBefore)
            )
            .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
        ),
      scanAll: () => pagesOf(rows),
    },
    migrationFailures: {
      bySpace: (space) => pagesOf(failures.filter((f) => f.space === space)),
      byCustomer: (customer) =>
        pagesOf(failures.filter((f) => f.customer === customer)),
      scanSummaries: () => pagesOf(failures),
    },
  }
}

async function monitor(
  tables: MonitorTables,
  options: MonitorOptions,
  now = new Date('2025-10-31T15:15:23.000Z')
): Promise<{ text: string; status: number }> {
  let text = ''
  const status = await runMonitor(
    tables,
    options,
    { write: (chunk: string) => (text += chunk) },
    { ...UTC, now: () => now }
  )
  return { text, status }
}

const tally = (
  spaces: Partial<Tally['spaces']> & { total: number },
  uploads: Tally['uploads']
): Tally => ({
  spaces: { completed: 0, inProgress: 0, pending: 0, failed: 0, ...spaces },
  uploads,
})

const NO_FAILED_UPLOADS = { total: 0, byReason: [] }
const NOTHING_PLANNED = { customers: 0, spaces: 0, uploads: 0 }

describe('monitor views, laid out as spec/MONITORING.md shows them', () => {
  it('overall statistics', () => {
    const view: OverallView = {
      view: 'overall',
      total: tally(
        { total: 80304, completed: 45123, inProgress: 234, pending: 34947 },
        { total: 37088337, completed: 20845123 }
      ),
      byInstance: [
        {
          key: '1',
          tally: tally(
            { total: 16060, completed: 8234 },
            { total: 8295089, completed: 4653123 }
          ),
          planned: NOTHING_PLANNED,
          failedUploads: 0,
        },
        {
          key: '2',
          tally: tally(
            { total: 16061, completed: 9123 },
            { total: 7198312, completed: 4123456 }
          ),
          planned: NOTHING_PLANNED,
          failedUploads: 0,
        },
      ],
      planned: NOTHING_PLANNED,
      failedUploads: NO_FAILED_UPLOADS,
      gatewayFailedSpaces: NO_FAILED_UPLOADS,
      paused: [],
    }
    assert.equal(
      renderOverall(view),
      lines(`
Migration Progress Overview
======================================================================

Total Spaces: 80,304
  ✓ Completed: 45,123 (56.2%)
  ⏳ In Progress: 234
  ⏸️  Pending: 34,947
  ✗ Failed: 0

Total Uploads: 37,088,337
  ✓ Completed: 20,845,123 (56.2%)

Progress by Instance:
----------------------------------------------------------------------

Instance 1:
  Spaces: 8,234/16,060 (51.3%)
  Uploads: 4,653,123/8,295,089 (56.1%)

Instance 2:
  Spaces: 9,123/16,061 (56.8%)
  Uploads: 4,123,456/7,198,312 (57.3%)
`)
    )
  })

  it('overall statistics read page by page, with failed uploads by reason', async () => {
    const rows = [
      row({
        space: 's1',
        status: 'completed',
        instanceId: '2',
        totalUploads: 10,
        completedUploads: 10,
      }),
      row({
        space: 's2',
        status: 'in-progress',
        instanceId: '10',
        totalUploads: 10,
        completedUploads: 4,
      }),
      row({
        space: 's3',
        status: 'failed',
        instanceId: '2',
        totalUploads: 5,
        completedUploads: 5,
      }),
      row({ space: 's4', status: 'pending' }),
    ]
    const failures = [
      failure({ space: 's3', reason: 'SHARD_NOT_FOUND', instanceId: '2' }),
      failure({
        space: 's3',
        reason: 'INDEX_GENERATION_FAILED',
        instanceId: '2',
      }),
      failure({ space: 's3', reason: 'SHARD_NOT_FOUND', instanceId: '2' }),
    ]
    const { text, status } = await monitor(memoryTables(rows, failures), {})
    assert.equal(status, 0)
    assert.equal(
      text,
      lines(`
Migration Progress Overview
======================================================================

Total Spaces: 4
  ✓ Completed: 1 (25.0%)
  ⏳ In Progress: 1
  ⏸️  Pending: 1
  ✗ Failed: 1

Total Uploads: 25
  ✓ Completed: 19 (76.0%)
    of which 16 migrated (64.0%), 3 failed

Failed Uploads: 3
  SHARD_NOT_FOUND: 2
  INDEX_GENERATION_FAILED: 1

Progress by Instance:
----------------------------------------------------------------------

Instance 2:
  Spaces: 1/2 (50.0%)
  Uploads: 15/15 (100.0%), 12 migrated, 3 failed

Instance 10:
  Spaces: 0/1 (0.0%)
  Uploads: 4/10 (40.0%)

No instance:
  Spaces: 0/1 (0.0%)
  Uploads: 0/0 (0.0%)
`)
    )
  })

  it('customer progress', async () => {
    const rows = [
      row({
        space: 'did:key:z6Mkk...',
        status: 'completed',
        totalUploads: 1234,
        completedUploads: 1234,
      }),
      row({
        space: 'did:key:z6Mkj...',
        status: 'completed',
        totalUploads: 5678,
        completedUploads: 5678,
      }),
      row({
        space: 'did:key:z6Mki...',
        status: 'in-progress',
        totalUploads: 1000,
        completedUploads: 234,
        instanceId: '2',
        workerId: '5',
        updatedAt: '2025-10-31T15:15:23.000Z',
      }),
      row({ space: 'did:key:z6Mkh...', status: 'pending' }),
      row({ customer: OTHER, space: 'did:key:z6MkOther', status: 'failed' }),
    ]
    const { text } = await monitor(memoryTables(rows), { customer: USER })
    assert.equal(
      text,
      lines(`
Customer: did:mailto:example.com:user
======================================================================

Total Spaces: 4

Status:
  ✓ Completed: 2
  ⏳ In Progress: 1
  ⏸️  Pending: 1
  ✗ Failed: 0

Spaces:
----------------------------------------------------------------------
  ✓ did:key:z6Mkk... (1,234/1,234 uploads)
  ✓ did:key:z6Mkj... (5,678/5,678 uploads)
  ⏳ did:key:z6Mki... (234/1,000 uploads)
     Instance: 2, Worker: 5
     Updated: 10/31/2025, 3:15:23 PM
  ⏸️  did:key:z6Mkh...
`)
    )
  })

  it('customer progress with a failed space and its failed uploads', async () => {
    const rows = [
      row({
        space: 'did:key:z6MkF',
        status: 'failed',
        totalUploads: 3,
        completedUploads: 3,
        error: '2 uploads failed (see migration-failures)',
      }),
    ]
    const failures = [
      failure({ space: 'did:key:z6MkF', reason: 'SHARD_NOT_FOUND' }),
      failure({ space: 'did:key:z6MkF', reason: 'SHARD_NOT_FOUND' }),
      failure({ customer: OTHER, space: 'did:key:z6MkO', reason: 'X' }),
    ]
    const { text } = await monitor(memoryTables(rows, failures), {
      customer: USER,
    })
    assert.match(
      text,
      /\n {2}✗ Failed: 1\n\nFailed Uploads: 2\n {2}SHARD_NOT_FOUND: 2\n\nSpaces:\n/
    )
    assert.match(
      text,
      /\n {2}✗ did:key:z6MkF \(3\/3 uploads\)\n {5}Error: 2 uploads failed \(see migration-failures\)\n$/
    )
  })

  it('space status', async () => {
    const rows = [
      row({
        space: 'did:key:z6Mkk...',
        status: 'in-progress',
        totalUploads: 1000,
        completedUploads: 234,
        instanceId: '2',
        workerId: '5',
        createdAt: '2025-10-31T14:00:00.000Z',
        updatedAt: '2025-10-31T15:15:23.000Z',
        lastProcessedUpload: 'bafkreiabc123...',
        gatewayDelegation: 'a-long-proof',
      }),
    ]
    const { text, status } = await monitor(memoryTables(rows), {
      customer: USER,
      space: 'did:key:z6Mkk...',
    })
    assert.equal(status, 0)
    assert.equal(
      text,
      lines(`
Space Migration Status
======================================================================

Space: did:key:z6Mkk...
Customer: did:mailto:example.com:user
Status: ⏳ in-progress

Uploads: 234/1,000

Instance: 2
Worker: 5

Created: 10/31/2025, 2:00:00 PM
Updated: 10/31/2025, 3:15:23 PM

Last Upload: bafkreiabc123...
`)
    )
  })

  it('space status of a space without a progress row exits 1', async () => {
    const { text, status } = await monitor(memoryTables([]), {
      customer: USER,
      space: 'did:key:z6MkNone',
    })
    assert.equal(status, 1)
    assert.match(text, /No progress recorded for this space/)
  })

  it('instance progress', () => {
    const worker = (
      key: string,
      completed: number,
      inProgress = 0,
      failedUploads = 0
    ) => ({
      key,
      tally: tally(
        { total: 1606, completed, inProgress },
        { total: 0, completed: 0 }
      ),
      failedUploads,
    })
    const view: InstanceView = {
      view: 'instance',
      instanceId: '1',
      total: tally(
        { total: 16060, completed: 8234, inProgress: 45, pending: 7781 },
        { total: 8295089, completed: 4653123 }
      ),
      failedUploads: 12,
      byWorker: [
        worker('1', 823),
        worker('2', 834, 2, 12),
        worker('3', 812, 1),
      ],
    }
    assert.equal(
      renderInstance(view),
      lines(`
Instance 1 Progress
======================================================================

Total Spaces: 16,060
  ✓ Completed: 8,234
  ⏳ In Progress: 45
  ⏸️  Pending: 7,781
  ✗ Failed: 0

Total Uploads: 8,295,089
  ✓ Completed: 4,653,123
    of which 4,653,111 migrated (56.1%), 12 failed

Progress by Worker:
----------------------------------------------------------------------
  Worker 1: 823/1,606 completed
  Worker 2: 834/1,606 completed
    In Progress: 2
    Failed Uploads: 12
  Worker 3: 812/1,606 completed
    In Progress: 1
`)
    )
  })

  it('instance progress reads only that instance’s rows, by worker', async () => {
    const rows = [
      row({
        space: 'a',
        status: 'completed',
        instanceId: '1',
        workerId: 'w2',
        totalUploads: 3,
        completedUploads: 3,
      }),
      row({
        space: 'b',
        status: 'in-progress',
        instanceId: '1',
        workerId: 'w2',
        totalUploads: 4,
        completedUploads: 1,
      }),
      row({ space: 'c', status: 'failed', instanceId: '1', workerId: 'w1' }),
      row({ space: 'd', status: 'pending', instanceId: '1' }),
      row({ space: 'e', status: 'completed', instanceId: '2', workerId: 'w1' }),
    ]
    // The failed uploads each worker recorded (`--worker-id`), of this instance only.
    const failures = [
      failure({
        space: 'b',
        reason: 'SHARD_NOT_FOUND',
        instanceId: '1',
        workerId: 'w2',
      }),
      failure({
        space: 'c',
        reason: 'SHARD_NOT_FOUND',
        instanceId: '1',
        workerId: 'w1',
      }),
      failure({
        space: 'c',
        reason: 'SHARD_NOT_FOUND',
        instanceId: '1',
        workerId: 'w1',
      }),
      failure({
        space: 'x',
        reason: 'SHARD_NOT_FOUND',
        instanceId: '1',
        workerId: 'w9',
      }),
      failure({
        space: 'e',
        reason: 'SHARD_NOT_FOUND',
        instanceId: '2',
        workerId: 'w1',
      }),
    ]
    const { text } = await monitor(memoryTables(rows, failures), {
      instance: '1',
    })
    assert.match(text, /^Instance 1 Progress\n/)
    assert.match(text, /\nTotal Spaces: 4\n {2}✓ Completed: 1\n/)
    assert.match(
      text,
      /\nTotal Uploads: 7\n {2}✓ Completed: 4\n {4}of which 0 migrated \(0\.0%\), 4 failed\n/
    )
    assert.match(
      text,
      /-\n {2}Worker w1: 0\/1 completed\n {4}Failed: 1\n {4}Failed Uploads: 2\n {2}Worker w2: 1\/2 completed\n {4}In Progress: 1\n {4}Failed Uploads: 1\n {2}Worker w9: 0\/0 completed\n {4}Failed Uploads: 1\n {2}No worker: 0\/1 completed\n$/
    )
  })

  it('failed migrations, most recently updated first', async () => {
    const rows = [
      row({
        customer: OTHER,
        space: 'did:key:z6Mkj...',
        status: 'failed',
        instanceId: '3',
        workerId: '2',
        error: 'Invalid delegation proof',
        updatedAt: '2025-10-31T13:23:45.000Z',
      }),
      row({
        space: 'did:key:z6Mkk...',
        status: 'failed',
        instanceId: '2',
        workerId: '5',
        error: 'Connection timeout after 3 retries',
        updatedAt: '2025-10-31T14:45:12.000Z',
      }),
      row({
        space: 'did:key:z6Mki...',
        status: 'failed',
        error: 'Shard not found',
        updatedAt: '2025-10-31T12:00:00.000Z',
      }),
      row({ space: 'did:key:z6MkDone', status: 'completed' }),
    ]
    const { text } = await monitor(memoryTables(rows), { failed: true })
    assert.equal(
      text,
      lines(`
Failed Migrations
======================================================================

Total Failed: 3

✗ did:key:z6Mkk...
  Customer: did:mailto:example.com:user
  Instance: 2, Worker: 5
  Error: Connection timeout after 3 retries
  Updated: 10/31/2025, 2:45:12 PM

✗ did:key:z6Mkj...
  Customer: did:mailto:example.com:other
  Instance: 3, Worker: 2
  Error: Invalid delegation proof
  Updated: 10/31/2025, 1:23:45 PM

✗ did:key:z6Mki...
  Customer: did:mailto:example.com:user
  Instance: -, Worker: -
  Error: Shard not found
  Updated: 10/31/2025, 12:00:00 PM
`)
    )
  })

  it('failed migrations show failed uploads by reason, narrowed by --customer', async () => {
    const view = renderFailed(
      {
        view: 'failed',
        spaces: [],
        failedUploads: {
          total: 3,
          byReason: [
            { reason: 'SHARD_NOT_FOUND', count: 2 },
            { reason: 'INDEX_GENERATION_FAILED', count: 1 },
          ],
        },
        gatewayFailedSpaces: NO_FAILED_UPLOADS,
      },
      UTC
    )
    assert.match(
      view,
      /\nTotal Failed: 0\n\nFailed Uploads: 3\n {2}SHARD_NOT_FOUND: 2\n {2}INDEX_GENERATION_FAILED: 1\n$/
    )
    const rows = [
      row({ space: 'a', status: 'failed' }),
      row({ customer: OTHER, space: 'b', status: 'failed' }),
    ]
    const failures = [
      failure({ space: 'a', reason: 'SHARD_NOT_FOUND' }),
      failure({ customer: OTHER, space: 'b', reason: 'VERIFICATION_FAILED' }),
    ]
    const { text } = await monitor(memoryTables(rows, failures), {
      failed: true,
      customer: OTHER,
    })
    assert.match(
      text,
      /Total Failed: 1\n\nFailed Uploads: 1\n {2}VERIFICATION_FAILED: 1\n/
    )
    assert.doesNotMatch(text, /SHARD_NOT_FOUND/)
  })

  it('stuck migrations, oldest first', async () => {
    const rows = [
      row({
        customer: OTHER,
        space: 'did:key:z6Mkj...',
        status: 'in-progress',
        instanceId: '4',
        workerId: '8',
        totalUploads: 2000,
        completedUploads: 567,
        updatedAt: '2025-10-31T13:42:15.000Z',
      }),
      row({
        space: 'did:key:z6Mkk...',
        status: 'in-progress',
        instanceId: '2',
        workerId: '5',
        totalUploads: 1000,
        completedUploads: 234,
        updatedAt: '2025-10-31T13:08:23.000Z',
      }),
      row({
        space: 'did:key:z6MkFresh',
        status: 'in-progress',
        updatedAt: '2025-10-31T14:40:00.000Z',
      }),
    ]
    const { text } = await monitor(memoryTables(rows), {
      stuck: true,
      stuckMinutes: 60,
    })
    assert.equal(
      text,
      lines(`
Stuck Migrations (in-progress >1 hour)
======================================================================

Total Stuck: 2

⏳ did:key:z6Mkk...
  Customer: did:mailto:example.com:user
  Instance: 2, Worker: 5
  Stuck for: 127 minutes
  Progress: 234/1,000 uploads
  Last Update: 10/31/2025, 1:08:23 PM

⏳ did:key:z6Mkj...
  Customer: did:mailto:example.com:other
  Instance: 4, Worker: 8
  Stuck for: 93 minutes
  Progress: 567/2,000 uploads
  Last Update: 10/31/2025, 1:42:15 PM
`)
    )
    const byDefault = await monitor(memoryTables(rows), { stuck: true })
    assert.match(byDefault.text, /^Stuck Migrations \(in-progress >1 hour\)\n/)
    // The spec's hour by default: the row updated 35 minutes ago is not stuck.
    assert.match(byDefault.text, /\nTotal Stuck: 2\n/)
  })

  it('--json prints one parsable line with the view’s data', async () => {
    const rows = [
      row({
        space: 'a',
        status: 'completed',
        instanceId: '1',
        totalUploads: 2,
        completedUploads: 2,
        gatewayDelegation: 'proof',
      }),
      row({ space: 'b', status: 'pending', instanceId: '1', totalUploads: 3 }),
    ]
    const { text } = await monitor(memoryTables(rows), { json: true })
    assert.equal(text.split('\n').length, 2)
    const parsed = JSON.parse(text) as OverallView & { at: string }
    assert.equal(parsed.view, 'overall')
    assert.equal(parsed.at, '2025-10-31T15:15:23.000Z')
    assert.deepEqual(
      parsed.total,
      tally({ total: 2, completed: 1, pending: 1 }, { total: 5, completed: 2 })
    )
    assert.equal(parsed.byInstance[0]?.key, '1')
    const customer = await monitor(memoryTables(rows), {
      json: true,
      customer: USER,
    })
    assert.doesNotMatch(customer.text, /proof/)
    assert.equal(JSON.parse(customer.text).spaces.length, 2)
  })
})

describe('the overview is over the plan', () => {
  const planned = (
    customer: string,
    instanceId: string,
    totalSpaces: number,
    totalUploads: number
  ): CustomerProgress => ({
    customer,
    instanceId,
    status: 'pending',
    totalSpaces,
    completedSpaces: 0,
    totalUploads,
    completedUploads: 0,
    error: '',
    updatedAt: '2025-10-31T14:00:00.000Z',
  })

  it('counts planned spaces without rows as not started, and every share of the plan', async () => {
    const rows = [
      row({
        space: 's1',
        status: 'completed',
        instanceId: '1',
        totalUploads: 40,
        completedUploads: 40,
      }),
      row({
        space: 's2',
        status: 'in-progress',
        instanceId: '1',
        totalUploads: 20,
        completedUploads: 10,
      }),
    ]
    const customers = [planned(USER, '1', 4, 100), planned(OTHER, '2', 6, 900)]
    const { text } = await monitor(memoryTables(rows, [], customers), {})
    assert.match(
      text,
      /Total Spaces: 10 planned\n {2}✓ Completed: 1 \(10\.0%\)\n {2}⏳ In Progress: 1\n {2}⏸️ {2}Pending: 0\n {2}✗ Failed: 0\n {2}· Not Started: 8\n/
    )
    assert.match(
      text,
      /Total Uploads: 1,000 planned\n {2}✓ Completed: 50 \(5\.0%\)\n\n/
    )
    assert.match(
      text,
      /Instance 1:\n {2}Spaces: 1\/4 \(25\.0%\)\n {2}Uploads: 50\/100 \(50\.0%\)\n/
    )
    assert.match(
      text,
      /Instance 2:\n {2}Spaces: 0\/6 \(0\.0%\)\n {2}Uploads: 0\/900 \(0\.0%\)\n/
    )
  })

  it('never shows every upload completed beside failures without the migrated ones', async () => {
    const rows = [
      row({
        space: 's1',
        status: 'failed',
        instanceId: '1',
        totalUploads: 72,
        completedUploads: 72,
      }),
    ]
    const failures = [1, 2, 3, 4].map(() =>
      failure({ space: 's1', reason: 'SHARD_NOT_FOUND', instanceId: '1' })
    )
    const { text } = await monitor(
      memoryTables(rows, failures, [planned(USER, '1', 1, 72)]),
      {}
    )
    assert.match(
      text,
      /Total Uploads: 72 planned\n {2}✓ Completed: 72 \(100\.0%\)\n {4}of which 68 migrated \(94\.4%\), 4 failed\n/
    )
    assert.match(
      text,
      /Instance 1:\n {2}Spaces: 0\/1 \(0\.0%\)\n {2}Uploads: 72\/72 \(100\.0%\), 68 migrated, 4 failed\n/
    )
  })

  it('counts against the rows where they list more than the plan', async () => {
    const rows = ['a', 'b', 'c'].map((space) =>
      row({ space, status: 'completed', totalUploads: 5, completedUploads: 5 })
    )
    const { text } = await monitor(
      memoryTables(rows, [], [planned(USER, '1', 2, 10)]),
      {}
    )
    assert.match(text, /Total Spaces: 3\n {2}✓ Completed: 3 \(100\.0%\)/)
    assert.match(text, /Total Uploads: 15\n {2}✓ Completed: 15 \(100\.0%\)/)
  })
})

describe('monitor --watch', () => {
  it('re-renders every interval until its iterations run out', async () => {
    const rows = [row({ space: 'a', status: 'pending' })]
    const sleeps: number[] = []
    let text = ''
    let clock = Date.parse('2025-10-31T15:00:00.000Z')
    const status = await runMonitor(
      memoryTables(rows),
      { watch: true, interval: 10 },
      { write: (chunk: string) => (text += chunk), isTTY: true },
      {
        ...UTC,
        now: () => new Date(clock),
        iterations: 3,
        sleep: async (ms) => {
          sleeps.push(ms)
          clock += ms
        },
      }
    )
    assert.equal(status, 0)
    assert.deepEqual(sleeps, [10_000, 10_000])
    assert.equal(text.split('\x1b[2J\x1b[H').length - 1, 3)
    assert.equal(text.split('Migration Progress Overview').length - 1, 3)
    assert.match(
      text,
      /Refreshed 10\/31\/2025, 3:00:20 PM; every 10s, Ctrl\+C to stop\n$/
    )
  })

  it('stops when its signal aborts, and keeps going after a failed read', async () => {
    const tables = memoryTables([])
    let reads = 0
    const failing: MonitorTables = {
      ...tables,
      migrationProgress: {
        ...tables.migrationProgress,
        scanAll: () => {
          reads++
          if (reads === 1) throw new Error('ProvisionedThroughputExceeded')
          return tables.migrationProgress.scanAll()
        },
      },
    }
    const stop = new AbortController()
    let text = ''
    await runMonitor(
      failing,
      { watch: true, json: true },
      { write: (chunk: string) => (text += chunk) },
      {
        signal: stop.signal,
        sleep: async () => {
          if (reads === 2) stop.abort()
        },
      }
    )
    const out = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    assert.equal(out.length, 2)
    assert.equal(out[0].error, 'ProvisionedThroughputExceeded')
    assert.equal(out[1].view, 'overall')
  })
})

describe('monitor flags and helpers', () => {
  it('requires --customer with --space', () => {
    assert.match(
      optionsProblem({ space: 'did:key:z' }) ?? '',
      /--space requires --customer/
    )
    assert.equal(
      optionsProblem({ space: 'did:key:z', customer: USER }),
      undefined
    )
    assert.match(
      optionsProblem({ failed: true, stuck: true }) ?? '',
      /--failed and --stuck/
    )
    assert.match(optionsProblem({ interval: 0 }) ?? '', /--interval/)
    assert.match(optionsProblem({ stuckMinutes: -1 }) ?? '', /--stuck-minutes/)
  })

  it('picks the view the flags ask for', () => {
    assert.deepEqual(selectView({}), { view: 'overall' })
    assert.deepEqual(selectView({ instance: '1' }), {
      view: 'instance',
      instanceId: '1',
    })
    assert.deepEqual(selectView({ customer: USER }), {
      view: 'customer',
      customer: USER,
    })
    assert.deepEqual(selectView({ customer: USER, space: 's' }), {
      view: 'space',
      customer: USER,
      space: 's',
    })
    assert.equal(selectView({ stuck: true, customer: USER }).view, 'stuck')
    assert.equal(selectView({ failed: true, instance: '2' }).view, 'failed')
  })

  it('summarizes pages by group without keeping rows', async () => {
    const summary = await summarize(
      pagesOf([
        row({ space: 'a', status: 'completed', workerId: 'w10' }),
        row({ space: 'b', status: 'completed', workerId: 'w9' }),
        row({ space: 'c', status: 'pending' }),
      ]),
      (r) => r.workerId
    )
    assert.deepEqual(
      summary.groups.map((g) => g.key),
      ['w9', 'w10', '']
    )
    assert.equal(summary.total.spaces.completed, 2)
  })

  it('formats numbers, percentages, dates and durations', () => {
    assert.equal(formatPercent(0, 0), '0.0%')
    assert.equal(formatPercent(45123, 80304), '56.2%')
    assert.equal(formatPercent(36_999_999, 37_000_000), '99.9%')
    assert.equal(formatPercent(37_000_000, 37_000_000), '100.0%')
    assert.equal(
      formatDate('2025-10-31T15:15:23Z', 'UTC'),
      '10/31/2025, 3:15:23 PM'
    )
    assert.equal(formatDate(undefined), '-')
    assert.equal(formatDate(''), '-')
    assert.equal(formatMinutes(60), '1 hour')
    assert.equal(formatMinutes(120), '2 hours')
    assert.equal(formatMinutes(30), '30 minutes')
    assert.equal(formatMinutes(1), '1 minute')
  })
})

describe('pauses and gateway failures in the monitor', () => {
  const REASON =
    'space/blob/add: ServiceUnavailable: the upload service refuses writes'
  const AT = '2025-10-31T14:30:00.000Z'
  const customerRow = (
    fields: Partial<CustomerProgress> & { customer: string }
  ): CustomerProgress => ({
    status: 'in-progress',
    totalSpaces: 2,
    completedSpaces: 0,
    totalUploads: 0,
    completedUploads: 0,
    error: '',
    updatedAt: AT,
    ...fields,
  })
  const rows = [
    row({
      space: 'did:key:z6MkRefused',
      status: 'in-progress',
      totalUploads: 4,
      completedUploads: 0,
      instanceId: '1',
      workerId: 'w1',
      pause: { reason: REASON, at: AT },
    }),
    row({
      space: 'did:key:z6MkNoOwner',
      status: 'failed',
      totalUploads: 3,
      completedUploads: 3,
      gatewayReason: 'MISSING_DELEGATION',
      error: 'gateway authorization: space has no owner delegation',
    }),
    row({
      customer: OTHER,
      space: 'did:key:z6MkRefusedGw',
      status: 'failed',
      gatewayReason: 'GATEWAY_AUTH_FAILED',
    }),
    // A finished row's leftover pause is no pause; a row from before reasons counts as before.
    row({
      customer: OTHER,
      space: 'did:key:z6MkDone',
      status: 'completed',
      pause: { reason: 'old', at: AT },
    }),
    row({ customer: OTHER, space: 'did:key:z6MkOld', status: 'failed' }),
  ]
  const customers = [
    customerRow({ customer: USER, pause: { reason: REASON, at: AT } }),
    customerRow({ customer: OTHER, status: 'failed' }),
  ]
  const tables = memoryTables(rows, [], customers)

  it('the overview says first what a refusal paused, and counts failed spaces by gateway reason', async () => {
    const { text } = await monitor(tables, {})
    assert.ok(
      text.startsWith(
        lines(`
Migration Progress Overview
======================================================================

⏸️  Paused: ${REASON}
   1 customer, 1 space since 10/31/2025, 2:30:00 PM; resume with \`control resume\` once the service is back

Total Spaces: 5
`)
      ),
      text
    )
    assert.match(
      text,
      /\nSpaces Failed at the Gateway: 2\n {2}GATEWAY_AUTH_FAILED: 1\n {2}MISSING_DELEGATION: 1\n/
    )
    assert.doesNotMatch(text, /Paused: old/)
  })

  it('the customer and space views show the pause and the gateway reason', async () => {
    const customer = (await monitor(tables, { customer: USER })).text
    assert.match(
      customer,
      new RegExp(
        `^Customer: ${USER}\n=+\n\n⏸️  Paused: ${REASON}\n {3}since 10/31/2025, 2:30:00 PM; resume`
      )
    )
    assert.match(
      customer,
      new RegExp(
        `⏳ did:key:z6MkRefused \\(0/4 uploads\\)\n {5}⏸️  Paused: ${REASON}\n`
      )
    )
    assert.match(
      customer,
      /\nSpaces Failed at the Gateway: 1\n {2}MISSING_DELEGATION: 1\n/
    )
    assert.match(
      customer,
      /✗ did:key:z6MkNoOwner \(3\/3 uploads\)\n {5}Gateway: MISSING_DELEGATION\n {5}Error: gateway/
    )
    const space = (
      await monitor(tables, { customer: USER, space: 'did:key:z6MkRefused' })
    ).text
    assert.match(
      space,
      new RegExp(
        `Status: ⏳ in-progress\n\n⏸️  Paused: ${REASON}\n {3}since 10/31/2025, 2:30:00 PM`
      )
    )
    const failed = (
      await monitor(tables, { customer: USER, space: 'did:key:z6MkNoOwner' })
    ).text
    assert.match(failed, /Status: ✗ failed\nGateway: MISSING_DELEGATION\n/)
  })

  it('--json carries the pause and the gateway counts; a resumed row shows none', async () => {
    const json = JSON.parse(
      (await monitor(tables, { json: true })).text
    ) as OverallView
    assert.deepEqual(json.paused, [
      { reason: REASON, customers: 1, spaces: 1, since: AT },
    ])
    assert.equal(json.gatewayFailedSpaces.total, 2)
    const resumed = memoryTables(
      rows.map((r) => ({ ...r, pause: undefined })),
      [],
      customers.map((c) => ({ ...c, pause: undefined }))
    )
    const overview = await monitor(resumed, {})
    assert.doesNotMatch(overview.text, /Paused/)
    const customer = await monitor(resumed, { customer: USER, json: true })
    assert.equal(JSON.parse(customer.text).pause, undefined)
  })

  it('the overview shows three pause reasons at most; --json has them all', async () => {
    const refused = ['a', 'b', 'c', 'd', 'e'].map((blob, i) =>
      row({
        space: `did:key:z6Mk${blob}`,
        status: 'in-progress',
        pause: {
          reason: `space/blob/add of ${blob}: refused`,
          at: `2025-10-31T14:0${i}:00.000Z`,
        },
      })
    )
    const many = memoryTables(refused)
    const { text } = await monitor(many, {})
    assert.match(text, /Paused: space\/blob\/add of a: refused\n/)
    assert.match(text, /Paused: space\/blob\/add of c: refused\n/)
    assert.doesNotMatch(text, /of d: refused/)
    assert.match(
      text,
      /\n {3}and 2 other reasons \(monitor --json lists them\)\n/
    )
    const json = JSON.parse(
      (await monitor(many, { json: true })).text
    ) as OverallView
    assert.equal(json.paused.length, 5)
  })

  it('the failed list names gateway reasons; a paused space is not called stuck silently', async () => {
    const failed = (await monitor(tables, { failed: true })).text
    assert.match(failed, /Total Failed: 3\n\nSpaces Failed at the Gateway: 2\n/)
    assert.match(failed, /\n {2}Gateway: MISSING_DELEGATION\n/)
    const stuck = (
      await monitor(tables, { stuck: true }, new Date('2025-10-31T18:00:00Z'))
    ).text
    assert.match(
      stuck,
      new RegExp(`⏳ did:key:z6MkRefused\n.*\n.*\n {2}⏸️  Paused: ${REASON}\n`)
    )
  })
})
