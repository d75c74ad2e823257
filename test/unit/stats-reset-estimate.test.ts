import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  addToSample,
  emptySample,
  type Estimate,
  estimateFigures,
  estimateJson,
  estimateScope,
  rateOf,
  renderEstimate,
} from '../../src/client/estimate/index.js'
import {
  addCustomerToPreview,
  addSpaceToPreview,
  customerNeedsReset,
  customerReset,
  emptyPreview,
  LIST_LIMIT,
  progressNeedsReset,
  RESET_PROGRESS,
  renderPreview,
  resetScope,
  unattendedProblem,
} from '../../src/client/reset/index.js'
import {
  collectStats,
  percentOf,
  renderStats,
  statsJson,
  statsScope,
} from '../../src/client/stats/index.js'
import { type ScopeRows, scopeOf } from '../../src/client/shared/index.js'
import type { CustomerProgress } from '../../src/services/dynamo/migration-customers-table.js'
import type { SpaceProgress } from '../../src/services/dynamo/migration-progress-table.js'

const space = (fields: Partial<SpaceProgress>): SpaceProgress => ({
  customer: 'did:mailto:a.com:a',
  space: 'did:key:z6MkA',
  status: 'pending',
  totalUploads: 0,
  completedUploads: 0,
  error: '',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...fields,
})

const customer = (fields: Partial<CustomerProgress>): CustomerProgress => ({
  customer: 'did:mailto:a.com:a',
  status: 'pending',
  totalSpaces: 0,
  completedSpaces: 0,
  totalUploads: 0,
  completedUploads: 0,
  error: '',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...fields,
})

async function* pages<T>(...all: T[][]): AsyncGenerator<T[]> {
  for (const page of all) yield page
}

describe('scopes', () => {
  it('stats: everything by default, one of --customer or --instance', () => {
    assert.deepEqual(statsScope({}), { scope: { kind: 'all' } })
    assert.deepEqual(statsScope({ instance: '2' }), {
      scope: { kind: 'instance', instanceId: '2' },
    })
    assert.match(
      (statsScope({ customer: 'did:x', instance: '2' }) as { problem: string })
        .problem,
      /--customer and --instance conflict/
    )
  })

  it('reset: exactly one scope, --space requires --customer', () => {
    assert.match(
      (resetScope({}) as { problem: string }).problem,
      /choose a scope/
    )
    assert.match(
      (resetScope({ space: 'did:key:z' }) as { problem: string }).problem,
      /--space requires --customer/
    )
    assert.match(
      (resetScope({ customer: 'did:x', all: true }) as { problem: string })
        .problem,
      /--customer and --all conflict/
    )
    assert.match(
      (resetScope({ instance: '1', all: true }) as { problem: string }).problem,
      /--instance and --all conflict/
    )
    assert.deepEqual(resetScope({ customer: 'did:x', space: 'did:key:z' }), {
      scope: { kind: 'space', space: 'did:key:z', customer: 'did:x' },
    })
    assert.deepEqual(resetScope({ all: true }), { scope: { kind: 'all' } })
  })

  it('an empty flag value is a problem, not another scope', () => {
    assert.ok(
      'problem' in
        scopeOf(
          { customer: '' },
          { defaultAll: true, spaceNeedsCustomer: false }
        )
    )
  })

  it('reset --execute without a terminal needs --yes', () => {
    assert.match(
      unattendedProblem({ execute: true }, false) ?? '',
      /pass --yes/
    )
    assert.equal(
      unattendedProblem({ execute: true, yes: true }, false),
      undefined
    )
    assert.equal(unattendedProblem({ execute: true }, true), undefined)
    assert.equal(unattendedProblem({}, false), undefined)
  })

  it('estimate: a space alone is a scope; numbers are checked', () => {
    assert.deepEqual(estimateScope({ space: 'did:key:z' }), {
      scope: { kind: 'space', space: 'did:key:z', customer: undefined },
    })
    assert.deepEqual(estimateScope({}), { scope: { kind: 'all' } })
    for (const bad of [
      { sample: 0 },
      { sample: 1.5 },
      { workers: -1 },
      { uploadsPerSecond: 0 },
      { uploadsPerSecond: Number.NaN },
    ])
      assert.ok('problem' in estimateScope(bad), JSON.stringify(bad))
  })
})

describe('stats', () => {
  const rows: ScopeRows = {
    progress: () =>
      pages(
        [
          space({
            status: 'completed',
            totalUploads: 1500,
            completedUploads: 1500,
          }),
          space({
            status: 'in-progress',
            totalUploads: 3000,
            completedUploads: 500,
          }),
        ],
        [space({ status: 'failed', totalUploads: 500, completedUploads: 500 })],
        [space({ status: 'pending' })]
      ),
    customers: () =>
      pages(
        [customer({ status: 'completed', totalSpaces: 1, totalUploads: 1500 })],
        [
          customer({
            status: 'in-progress',
            totalSpaces: 3,
            totalUploads: 8500,
          }),
          customer({ status: 'pending' }),
        ]
      ),
    failures: () =>
      pages(
        [
          { space: 's', root: 'r1', customer: 'c', reason: 'SHARD_NOT_FOUND' },
          { space: 's', root: 'r2', customer: 'c', reason: 'INDEX_FAILED' },
        ],
        [{ space: 's', root: 'r3', customer: 'c', reason: 'SHARD_NOT_FOUND' }]
      ),
  }

  it('adds up pages into counters', async () => {
    const stats = await collectStats({ kind: 'all' }, rows)
    assert.deepEqual(stats.progress, {
      spaces: { total: 4, completed: 1, inProgress: 1, pending: 1, failed: 1 },
      uploads: { total: 5000, completed: 2500 },
    })
    assert.equal(stats.customers.total, 3)
    assert.equal(stats.customers.completed, 1)
    assert.equal(stats.customers.plannedUploads, 10000)
    assert.deepEqual(stats.failedUploads, {
      total: 3,
      byReason: [
        { reason: 'SHARD_NOT_FOUND', count: 2 },
        { reason: 'INDEX_FAILED', count: 1 },
      ],
    })
    const json = statsJson(stats)
    assert.equal(json.uploads.percent, 50)
    assert.equal(json.uploads.percentOfPlanned, 25)
    assert.equal(json.spaces.percent, 25)
    assert.equal(json.customers.percent, 33.3)
  })

  it('prints compactly with thousands separators', async () => {
    const text = renderStats(await collectStats({ kind: 'all' }, rows))
    assert.match(text, /^Stats: all customers\n/)
    assert.match(
      text,
      /Uploads +2,500\/5,000 processed \(50\.0%\), 10,000 planned \(25\.0%\)/
    )
    assert.match(
      text,
      /Spaces +1\/4 completed \(25\.0%\) · 1 in progress · 1 pending · 1 failed · 4 planned/
    )
    assert.match(text, /Customers +1\/3 completed \(33\.3%\)/)
    assert.match(
      text,
      /Failed uploads +3\n {2}SHARD_NOT_FOUND {2}2\n {2}INDEX_FAILED {5}1\n/
    )
    assert.ok(text.split('\n').length < 12)
  })

  it('counts spaces failed at the gateway by the reason on their row, apart from the uploads', async () => {
    const withGateway: ScopeRows = {
      ...rows,
      progress: () =>
        pages(
          [
            space({ status: 'failed', gatewayReason: 'MISSING_DELEGATION' }),
            space({ status: 'failed', gatewayReason: 'MISSING_DELEGATION' }),
          ],
          [
            space({ status: 'failed', gatewayReason: 'GATEWAY_AUTH_FAILED' }),
            // Only a failed space counts; a row from before reasons counts as before.
            space({
              status: 'in-progress',
              gatewayReason: 'MISSING_DELEGATION',
            }),
            space({ status: 'failed' }),
          ]
        ),
    }
    const stats = await collectStats({ kind: 'all' }, withGateway)
    const expected = {
      total: 3,
      byReason: [
        { reason: 'MISSING_DELEGATION', count: 2 },
        { reason: 'GATEWAY_AUTH_FAILED', count: 1 },
      ],
    }
    assert.deepEqual(stats.gatewayFailedSpaces, expected)
    assert.deepEqual(statsJson(stats).gatewayFailedSpaces, expected)
    assert.match(
      renderStats(stats),
      /\nFailed uploads +3\n {2}SHARD_NOT_FOUND {6}2\n {2}INDEX_FAILED {9}1\nGateway failed +3 spaces \(their own authorization, not their uploads\)\n {2}MISSING_DELEGATION {3}2\n {2}GATEWAY_AUTH_FAILED {2}1\n/
    )
    const none = renderStats(await collectStats({ kind: 'all' }, rows))
    assert.doesNotMatch(none, /Gateway failed/)
  })

  it('says when nothing is recorded', async () => {
    const empty: ScopeRows = {
      progress: () => pages(),
      customers: () => pages(),
      failures: () => pages(),
    }
    const text = renderStats(
      await collectStats({ kind: 'customer', customer: 'did:x' }, empty)
    )
    assert.match(text, /Stats: customer did:x/)
    assert.match(text, /Nothing is recorded for this scope yet/)
    assert.match(text, /0\/0 processed \(0\.0%\)/)
  })

  it('percentOf rounds to one decimal, nothing of nothing is 0', () => {
    assert.equal(percentOf(1, 3), 33.3)
    assert.equal(percentOf(2, 3), 66.7)
    assert.equal(percentOf(0, 0), 0)
  })
})

describe('reset plan', () => {
  it('resets progress but never names gatewayDelegation or totals', () => {
    assert.deepEqual(Object.keys(RESET_PROGRESS).sort(), [
      'completedUploads',
      'error',
      'lastProcessedUpload',
      'status',
    ])
  })

  it('skips rows already reset', () => {
    assert.equal(progressNeedsReset(space({})), false)
    assert.equal(progressNeedsReset(space({ lastProcessedUpload: '' })), false)
    assert.equal(
      progressNeedsReset(space({ lastProcessedUpload: 'bafy' })),
      true
    )
    assert.equal(progressNeedsReset(space({ error: 'x' })), true)
    assert.equal(progressNeedsReset(space({ status: 'failed' })), true)
    assert.equal(customerNeedsReset({ kind: 'all' }, customer({})), false)
    assert.equal(
      customerNeedsReset({ kind: 'all' }, customer({ completedSpaces: 2 })),
      true
    )
    // A space's reset only changes the customer's status.
    const scope = { kind: 'space', space: 's', customer: 'c' } as const
    assert.equal(
      customerNeedsReset(scope, customer({ completedSpaces: 2 })),
      false
    )
    assert.deepEqual(
      customerReset(scope, customer({ status: 'completed', completedAt: 'x' })),
      { status: 'pending', completedAt: '' }
    )
    assert.deepEqual(customerReset({ kind: 'all' }, customer({})), {
      status: 'pending',
      completedSpaces: 0,
      completedUploads: 0,
      error: '',
    })
  })

  it('counts everything, lists the first rows, warns about running spaces', () => {
    const preview = emptyPreview({ kind: 'customer', customer: 'did:x' })
    for (let i = 0; i < LIST_LIMIT + 5; i++)
      addSpaceToPreview(
        preview,
        space({
          space: `did:key:z${i}`,
          status: i === 0 ? 'in-progress' : 'completed',
          totalUploads: 1000,
          completedUploads: 1000,
          gatewayDelegation: 'bafydelegation',
        })
      )
    addSpaceToPreview(preview, space({ space: 'did:key:zclean' }))
    addCustomerToPreview(preview, customer({ status: 'completed' }))
    preview.failures = 7
    assert.equal(preview.spaces.total, LIST_LIMIT + 6)
    assert.equal(preview.spaces.toReset, LIST_LIMIT + 5)
    assert.equal(preview.spaces.processedUploads, 25_000)
    assert.equal(preview.spaces.listed.length, LIST_LIMIT)
    const dry = renderPreview(preview, {
      execute: false,
      deleteFailures: false,
    })
    assert.match(dry, /^Reset \(dry run\): customer did:x\n/)
    assert.match(dry, /to reset: 25 of 26 \(24 completed · 1 in progress\)/)
    assert.match(dry, /… and 5 more/)
    assert.match(dry, /25,000 processed uploads now/)
    assert.match(dry, /gatewayDelegation \(on 25 rows\)[^\n]* kept/)
    assert.match(dry, /Failure rows kept: 7 \(pass --failures/)
    assert.match(dry, /warning: 1 space in progress/)
    assert.match(dry, /Dry run: nothing written/)
    const real = renderPreview(preview, { execute: true, deleteFailures: true })
    assert.match(real, /^Reset: customer/)
    assert.match(real, /Failure rows to delete: 7/)
    assert.doesNotMatch(real, /Dry run/)
  })
})

describe('estimate', () => {
  it('samples shards per row', () => {
    const sample = emptySample()
    for (const shards of [1, 2, 3, 0]) addToSample(sample, shards)
    assert.deepEqual(sample, {
      rows: 4,
      shards: 6,
      withoutShards: 1,
      maxShards: 3,
    })
  })

  it('multiplies by the measured figures', () => {
    const sample = { rows: 1000, shards: 1500, withoutShards: 0, maxShards: 4 }
    const figures = estimateFigures(37_000_000, sample, 5, rateOf(undefined))
    assert.equal(figures.shardsPerUpload, 1.5)
    assert.equal(figures.shards, 55_500_000)
    assert.equal(figures.indexWorkerRequests, 55_500_000)
    assert.equal(figures.historyEvents, 42_291_000)
    assert.equal(figures.billableActions, 7_326_000)
    assert.equal(Math.round(figures.seconds), Math.round(37_000_000 / 20.5))
    const faster = estimateFigures(1000, sample, 2, rateOf(50))
    assert.equal(faster.seconds, 10)
  })

  it('knows nothing of shards without a sample, and nothing costs nothing', () => {
    const none = estimateFigures(10, emptySample(), 5, rateOf(undefined))
    assert.equal(none.shards, null)
    const zero = estimateFigures(0, emptySample(), 5, rateOf(undefined))
    assert.deepEqual(zero, {
      shardsPerUpload: 0,
      shards: 0,
      indexWorkerRequests: 0,
      historyEvents: 0,
      billableActions: 0,
      seconds: 0,
    })
  })

  it('prints a short table and one JSON object', () => {
    const sample = { rows: 1000, shards: 1800, withoutShards: 3, maxShards: 5 }
    const rate = rateOf(undefined)
    const estimate: Estimate = {
      scope: { kind: 'space', space: 'did:key:z6MkS' },
      size: { spaces: 1, uploads: 12_345, basis: 'counted' },
      sample,
      workers: 5,
      rate,
      figures: estimateFigures(12_345, sample, 5, rate),
    }
    const text = renderEstimate(estimate)
    assert.match(text, /^Estimate: space did:key:z6MkS\n/)
    assert.match(text, /Uploads +12,345 \(counted in the upload table\)/)
    assert.match(
      text,
      /1,000 upload rows[^\n]*1\.80 per upload, at most 5; 3 list no shards/
    )
    assert.match(text, /Shards +~22,221/)
    assert.match(
      text,
      /Index-worker requests +≥ 22,221 \(worst case assumed: every upload lacks an index/
    )
    assert.match(
      text,
      /Temporal history events +~14,110 \(1,143 per 1,000 uploads at page size 100/
    )
    assert.match(text, /Temporal billable actions +~2,444 \(198 per 1,000/)
    assert.match(
      text,
      /Time +~11 minutes with 5 hosts at 4\.1 uploads\/s each \(default: [^)]*pessimistic/
    )
    assert.ok(text.split('\n').length <= 12)
    const json = estimateJson(estimate)
    assert.equal(json.uploads, 12_345)
    assert.equal(json.shards, 22_221)
    assert.equal(json.temporal.billableActions, 2_444)
    assert.equal(json.time.rateSource, 'default')
    assert.equal(json.time.seconds, Math.round(12_345 / 20.5))
  })
})
