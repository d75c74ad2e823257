import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  liveProgress,
  type LiveReads,
  type RunningRow,
  uploadsOfRunning,
} from '../../src/client/migrate/live-progress.js'
import { bar, progressLine } from '../../src/client/shared/progress-line.js'
import { RateTracker } from '../../src/client/shared/rate.js'
import {
  customerOfWorkflowId,
  customerWorkflowId,
  spaceOfWorkflowId,
  spaceWorkflowId,
} from '../../src/workflows/ids.js'
import { DEFAULT_TUNING, type Progress } from '../../src/workflows/types.js'

const RUN = { env: 'local', mode: 'full' as const }
const ALICE = 'did:mailto:example.com:alice'
const BOB = 'did:mailto:example.com:bob'
const SINCE = '2026-01-01T10:00:00.000Z'

const progress = (fields: Partial<Progress> = {}): Progress => ({
  scope: 'customer',
  processed: 0,
  migrated: 0,
  alreadyMigrated: 0,
  failed: 0,
  paused: false,
  tuning: DEFAULT_TUNING,
  runs: 1,
  ...fields,
})

const row = (
  status: RunningRow['status'],
  completedUploads: number,
  updatedAt = '2026-01-01T10:05:00.000Z'
): RunningRow => ({ status, completedUploads, updatedAt })

/** Reads over fixed queries and rows, logging what was read. */
function reads(
  queries: Record<string, Progress>,
  rows: Record<string, Record<string, RunningRow>>
) {
  const log: string[] = []
  const live: LiveReads = {
    query: async (id) => {
      log.push(`query ${id}`)
      return queries[id]
    },
    spaceRows: async (customer, spaces) => {
      log.push(`rows ${customer} ${spaces.length}`)
      const mine = rows[customer] ?? {}
      return new Map(
        spaces.flatMap((s) => (mine[s] ? [[s, mine[s]] as const] : []))
      )
    },
  }
  return { live, log }
}

describe('follow: uploads of running children', () => {
  it('parses the scope back out of workflow IDs', () => {
    assert.equal(
      spaceOfWorkflowId(spaceWorkflowId(RUN, 'did:key:z6MkA')),
      'did:key:z6MkA'
    )
    assert.equal(
      spaceOfWorkflowId(spaceWorkflowId(RUN, 'did:key:z6MkA', 'bafyroot')),
      'did:key:z6MkA'
    )
    assert.equal(customerOfWorkflowId(customerWorkflowId(RUN, ALICE)), ALICE)
    assert.equal(customerOfWorkflowId(spaceWorkflowId(RUN, 'x')), undefined)
    assert.equal(spaceOfWorkflowId(customerWorkflowId(RUN, ALICE)), undefined)
  })

  it("adds a customer's running spaces from their rows, one batch read", async () => {
    const { live, log } = reads(
      {},
      {
        [ALICE]: {
          'did:key:z6MkBig': row('in-progress', 700),
          'did:key:z6MkDone': row('completed', 50),
        },
      }
    )
    const sample = await liveProgress(
      { kind: 'customer', customer: ALICE },
      progress({
        processed: 100,
        failed: 3,
        skipped: 20,
        runningChildren: [
          spaceWorkflowId(RUN, 'did:key:z6MkBig'),
          spaceWorkflowId(RUN, 'did:key:z6MkDone'),
        ],
      }),
      live,
      { rows: true, since: SINCE }
    )
    // The completed row was written since the follow began: finished, not yet reported.
    assert.deepEqual(sample, {
      done: 850,
      failed: 3,
      skipped: 20,
      running: 2,
      paused: false,
      pausedBecause: undefined,
    })
    assert.deepEqual(log, [`rows ${ALICE} 2`])
  })

  it("counts the rows of a customer's batch in flight, and only its spaces in progress as running", async () => {
    const { live, log } = reads(
      {},
      {
        [ALICE]: {
          'did:key:z6MkBig': row('in-progress', 700),
          'did:key:z6MkSmallA': row('in-progress', 30),
          'did:key:z6MkSmallB': row('completed', 12),
          'did:key:z6MkEarlier': row(
            'completed',
            9,
            '2025-12-01T00:00:00.000Z'
          ),
        },
      }
    )
    const sample = await liveProgress(
      { kind: 'customer', customer: ALICE },
      progress({
        processed: 100,
        runningChildren: [spaceWorkflowId(RUN, 'did:key:z6MkBig')],
        batchedSpaces: [
          'did:key:z6MkSmallA',
          'did:key:z6MkSmallB',
          'did:key:z6MkEarlier',
          'did:key:z6MkNotBegun',
        ],
      }),
      live,
      { rows: true, since: SINCE }
    )
    assert.equal(sample.done, 100 + 700 + 30 + 12)
    assert.equal(sample.running, 2)
    assert.deepEqual(log, [`rows ${ALICE} 5`])
  })

  it("counts nothing of an earlier run's rows", () => {
    assert.equal(
      uploadsOfRunning(
        [
          row('completed', 1_000, '2025-12-01T00:00:00.000Z'),
          row('pending', 40, '2025-12-01T00:00:00.000Z'),
          row('in-progress', 7, '2025-12-01T00:00:00.000Z'),
          row('failed', 5, SINCE),
        ],
        SINCE
      ),
      12
    )
  })

  it('queries the running spaces of a run that writes no rows', async () => {
    const big = spaceWorkflowId(RUN, 'did:key:z6MkBig')
    const { live, log } = reads(
      { [big]: progress({ scope: 'space', processed: 30, failed: 2 }) },
      {}
    )
    const sample = await liveProgress(
      { kind: 'customer', customer: ALICE },
      progress({ processed: 5, runningChildren: [big] }),
      live,
      { rows: false, since: SINCE }
    )
    assert.equal(sample.done, 35)
    assert.equal(sample.failed, 2)
    assert.deepEqual(log, [`query ${big}`])
  })

  it("adds an instance's running customers: their finished spaces and their running ones", async () => {
    const alice = customerWorkflowId(RUN, ALICE)
    const bob = customerWorkflowId(RUN, BOB)
    const { live, log } = reads(
      {
        [alice]: progress({
          processed: 200,
          failed: 4,
          runningChildren: [spaceWorkflowId(RUN, 'did:key:z6MkA1')],
        }),
        [bob]: progress({ processed: 0, skipped: 9, runningChildren: [] }),
      },
      { [ALICE]: { 'did:key:z6MkA1': row('in-progress', 60) } }
    )
    const sample = await liveProgress(
      { kind: 'instance' },
      progress({
        scope: 'instance',
        processed: 1_000,
        failed: 10,
        runningChildren: [alice, bob],
      }),
      live,
      { rows: true, since: SINCE }
    )
    assert.equal(sample.done, 1_260)
    assert.equal(sample.failed, 14)
    assert.equal(sample.skipped, 9)
    assert.equal(sample.running, 1)
    // One query per running customer, one batch read per customer with running spaces.
    assert.deepEqual(log.sort(), [
      `query ${alice}`,
      `query ${bob}`,
      `rows ${ALICE} 1`,
    ])
  })

  it('a space is its own query', async () => {
    const { live, log } = reads({}, {})
    const sample = await liveProgress(
      { kind: 'space' },
      progress({ scope: 'space', processed: 12, totalUploads: 40 }),
      live,
      { rows: true, since: SINCE }
    )
    assert.equal(sample.done, 12)
    assert.equal(sample.total, 40)
    assert.equal(sample.running, undefined)
    assert.deepEqual(log, [])
  })
})

describe('follow: rate, ETA and bar', () => {
  it('measures the rate over the recent window, not since the start', () => {
    const rate = new RateTracker(60_000)
    assert.equal(rate.perSecond(), undefined)
    rate.add(0, 0)
    assert.equal(rate.perSecond(), undefined, 'one sample spans no time')
    rate.add(60_000, 6_000)
    assert.equal(rate.perSecond(), 100)
    rate.add(120_000, 6_600)
    assert.equal(rate.perSecond(), 10, 'the last minute only')
  })

  it('shows total, bar, share, rate and ETA of what is left', () => {
    assert.equal(
      progressLine({ done: 250, failed: 0, total: 1_000 }, 5),
      '[######..................] 25.0% · 250/1,000 uploads · 5.0/s · ETA 2m 30s'
    )
  })

  it('counts skipped uploads as done, but the ETA is of what is left', () => {
    assert.equal(
      progressLine(
        { done: 100, skipped: 400, failed: 2, total: 1_000, running: 3 },
        10
      ),
      '[############............] 50.0% · 500/1,000 uploads · 10.0/s · ETA 50s · 400 completed before, skipped · 498 migrated, 2 failed · 3 running'
    )
  })

  it('has no ETA without a rate or a total, and none when done', () => {
    assert.equal(progressLine({ done: 10, failed: 0 }, 2), '10 uploads · 2.0/s')
    assert.equal(
      progressLine({ done: 10, failed: 0, total: 100 }, undefined),
      '[##......................] 10.0% · 10/100 uploads · –/s'
    )
    assert.equal(
      progressLine({ done: 100, failed: 0, total: 100 }, 0),
      '[########################] 100.0% · 100/100 uploads · 0.0/s'
    )
  })

  it('never shows more than all: a total short of what is done grows to it', () => {
    assert.equal(
      progressLine({ done: 120, failed: 0, total: 100 }, 1),
      '[########################] 100.0% · 120/120 uploads · 1.0/s'
    )
  })

  it('fills the bar only when every upload is done, failures or not', () => {
    assert.equal(bar(999_999, 1_000_000), `[${'#'.repeat(23)}.]`)
    assert.equal(bar(1_000_000, 1_000_000), `[${'#'.repeat(24)}]`)
    assert.equal(bar(0, 10), `[${'.'.repeat(24)}]`)
    assert.equal(
      progressLine({ done: 72, failed: 4, total: 72 }, undefined),
      '[########################] 100.0% · 72/72 uploads · –/s · 68 migrated, 4 failed'
    )
  })
})
