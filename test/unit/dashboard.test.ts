import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { scopeLinks } from '../../src/client/dashboard/links.js'
import { optionsProblem } from '../../src/client/dashboard/options.js'
import { pauseKind } from '../../src/client/dashboard/pause-kind.js'
import { readPlan } from '../../src/client/shared/plan.js'
import { etaOf, rateOf } from '../../src/client/shared/rate.js'
import { Refresher } from '../../src/client/dashboard/refresher.js'
import type { TableState } from '../../src/client/dashboard/read-state.js'
import { SampleRing } from '../../src/client/shared/sample-ring.js'
import { emptyTally } from '../../src/client/shared/tally.js'

async function* pagesOf<T>(...pages: T[][]): AsyncGenerator<T[]> {
  for (const page of pages) yield page
}

describe('dashboard: samples, rate and ETA', () => {
  it('keeps only the latest samples, oldest dropped first', () => {
    const ring = new SampleRing(3)
    for (let i = 0; i < 5; i++) ring.add({ at: i, processed: i * 10 })
    assert.deepEqual(
      ring.list().map((s) => s.at),
      [2, 3, 4]
    )
    assert.throws(() => new SampleRing(1), RangeError)
  })

  it('measures the rate over the window only', () => {
    const samples = [
      { at: 0, processed: 0 },
      { at: 60_000, processed: 6_000 },
      { at: 120_000, processed: 6_600 },
    ]
    assert.equal(rateOf(samples, 60_000), 10)
    assert.equal(rateOf(samples, 120_000), 55)
    assert.equal(rateOf(samples.slice(0, 1), 60_000), undefined)
    assert.equal(rateOf([], 60_000), undefined)
  })

  it('gives an ETA only with a rate and something left', () => {
    assert.equal(etaOf(1_000, 10), 100)
    assert.equal(etaOf(0, 10), undefined)
    assert.equal(etaOf(1_000, 0), undefined)
    assert.equal(etaOf(1_000, undefined), undefined)
  })
})

describe('dashboard: plan and pauses', () => {
  it('adds up the plan by instance, page by page', async () => {
    const plan = await readPlan(
      pagesOf(
        [
          { instanceId: '1', totalSpaces: 2, totalUploads: 100 },
          { instanceId: '2', totalSpaces: 1, totalUploads: 500 },
        ],
        [
          { instanceId: '1', totalSpaces: 3, totalUploads: 50 },
          { totalSpaces: 1, totalUploads: 7 },
        ]
      )
    )
    assert.deepEqual(plan.total, { customers: 4, spaces: 7, uploads: 657 })
    assert.deepEqual(Object.fromEntries(plan.byInstance), {
      '1': { customers: 2, spaces: 5, uploads: 150 },
      '2': { customers: 1, spaces: 1, uploads: 500 },
      '': { customers: 1, spaces: 1, uploads: 7 },
    })
  })

  it('tells a failure budget from a service refusing writes', () => {
    assert.equal(
      pauseKind('failure budget: 3 of 100 uploads failed in space x, over 2%'),
      'failure-budget'
    )
    assert.equal(
      pauseKind('upload-service: ServiceUnavailable: writes disabled'),
      'refused-writes'
    )
  })
})

describe('dashboard: links and options', () => {
  it('links each scope to its workflow, or nowhere without a Web UI', () => {
    const links = scopeLinks(
      { uiUrl: 'http://ui:8233/', namespace: 'ns' },
      { env: 'production', mode: 'full' }
    )
    assert.equal(
      links.instance('1'),
      'http://ui:8233/namespaces/ns/workflows/migration%2Fproduction%2Ffull%2Finstance%2F1'
    )
    assert.match(
      links.space('did:key:z6Mk') ?? '',
      /full%2Fspace%2Fdid%3Akey%3Az6Mk$/
    )
    const none = scopeLinks({ namespace: 'ns' }, { env: 'local', mode: 'full' })
    assert.equal(none.customer('did:mailto:a.com:b'), undefined)
  })

  it('refuses flags it cannot run', () => {
    const ok = {
      port: 8470,
      host: '127.0.0.1',
      interval: 10,
      stuckMinutes: 60,
      mode: 'full' as const,
    }
    assert.equal(optionsProblem(ok), undefined)
    assert.match(optionsProblem({ ...ok, port: 70_000 }) ?? '', /--port/)
    assert.match(optionsProblem({ ...ok, interval: 0 }) ?? '', /--interval/)
    assert.match(optionsProblem({ ...ok, host: '' }) ?? '', /--host/)
  })
})

describe('dashboard: the refresher', () => {
  const reading = (processed: number): TableState => {
    const progress = emptyTally()
    progress.uploads.completed = processed
    return {
      at: '',
      overall: {
        key: '',
        planned: { customers: 1, spaces: 1, uploads: 1_000 },
        progress,
      },
      instances: [],
      failedUploads: { total: 0, byReason: [] },
      gatewayFailedSpaces: { total: 0, byReason: [] },
      pauses: [],
      refusedWrites: false,
      stuck: { olderThanMinutes: 60, count: 0, spaces: [] },
    }
  }

  /** A refresher that runs `reads` one after another, 10 s apart, then is stopped. */
  async function afterReads(reads: (() => TableState)[]) {
    let clock = 0
    let finish = () => {}
    const finished = new Promise<void>((resolve) => (finish = resolve))
    const refresher = new Refresher({
      env: 'local',
      intervalMs: 10_000,
      now: () => new Date((clock += 10_000)),
      read: async () => reads.shift()!(),
      // The next read comes at once while there is one; then the loop waits for the stop.
      sleep: (_ms, signal) =>
        new Promise<void>((resolve) => {
          if (reads.length > 0 || signal?.aborted) return resolve()
          signal?.addEventListener('abort', () => resolve())
          finish()
        }),
    })
    await refresher.start()
    await finished
    await refresher.stop()
    return refresher
  }

  it('samples each read and keeps the last good state when a read fails', async () => {
    const failing = await afterReads([
      () => reading(100),
      () => {
        throw new Error('throttled')
      },
    ])
    assert.equal(failing.state()?.overall.progress.uploads.completed, 100)
    assert.equal(failing.state()?.error, 'throttled')

    const moving = await afterReads([
      () => reading(100),
      () => {
        throw new Error('throttled')
      },
      () => reading(400),
    ])
    const state = moving.state()
    assert.equal(state?.error, undefined)
    assert.deepEqual(state?.throughput.samples, [
      { at: 10_000, processed: 100 },
      { at: 30_000, processed: 400 },
    ])
    assert.equal(state?.throughput.perSecond, 15)
    assert.equal(state?.throughput.etaSeconds, 40)
  })
})
