import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApplicationFailure } from '@temporalio/common'
import { MockActivityEnvironment } from '@temporalio/testing'
import {
  migrateSmallSpaces,
  type SmallSpacesPorts,
  smallSpacesPorts,
} from '../../src/activities/migrate-small-spaces.js'
import type { ActivityDeps } from '../../src/activities/ports.js'
import { ServiceUnavailable, TransientError } from '../../src/failures/index.js'
import type {
  SmallSpacesCheckpoint,
  SmallSpacesInput,
  SmallSpacesResult,
} from '../../src/workflows/types.js'
import { smallSpacesWorld as world } from '../helpers/small-spaces-world.js'

const customer = 'did:mailto:c.com:u'

const input = (spaces: string[]): SmallSpacesInput => ({
  customer,
  spaces,
  steps: 'full',
  track: true,
  skipCompleted: true,
  authorizeGateway: true,
  smallSpaceUploads: 5,
  pageSize: 2,
  uploadConcurrency: 2,
  spaceConcurrency: 2,
})

/**
 * Runs the batch as Temporal would: a retryable failure is retried with the last checkpoint.
 * `lostHeartbeats`: the attempts whose heartbeats never reach the server (killed before the
 * throttled heartbeat went out).
 */
async function retried(
  ports: SmallSpacesPorts,
  batch: SmallSpacesInput,
  { scheduledTimestampMs = 1, lostHeartbeats = [] as number[] } = {}
) {
  let details: SmallSpacesCheckpoint | undefined
  const errors: unknown[] = []
  for (let attempt = 1; attempt <= 5; attempt++) {
    const env = new MockActivityEnvironment({
      heartbeatDetails: details,
      scheduledTimestampMs,
    })
    env.on('heartbeat', (d: SmallSpacesCheckpoint) => {
      if (!lostHeartbeats.includes(attempt)) details = structuredClone(d)
    })
    try {
      const result = (await env.run(
        migrateSmallSpaces(ports),
        batch
      )) as SmallSpacesResult
      return { result, attempts: attempt, errors }
    } catch (err) {
      errors.push(err)
      if (!(err instanceof ApplicationFailure) || err.nonRetryable) throw err
    }
  }
  throw new Error('never succeeded')
}

const byKey = (result: SmallSpacesResult) =>
  Object.fromEntries(
    result.finished.map(({ key, status, processed, migrated }) => [
      key,
      { status, processed, migrated },
    ])
  )

describe('migrateSmallSpaces', () => {
  it('migrates each small space through its pages and hands back the large ones unwritten', async () => {
    const { ports, rows, started } = world({ a: 3, b: 0, big: 6 })
    const { result, attempts } = await retried(ports, input(['a', 'b', 'big']))
    assert.equal(attempts, 1)
    assert.deepEqual(byKey(result), {
      a: { status: 'completed', processed: 3, migrated: 3 },
      b: { status: 'completed', processed: 0, migrated: 0 },
    })
    assert.deepEqual(result.large, ['big'])
    assert.equal(result.refused, undefined)
    assert.deepEqual(started.sort(), ['a', 'b'])
    assert.equal(rows.get('big'), undefined, 'a large space is not written')
    assert.equal(rows.get('a')?.status, 'completed')
  })

  it('skips a space an earlier run completed, with nothing begun', async () => {
    const { ports, rows, started } = world({ a: 2, done: 2 })
    rows.set('done', { status: 'completed' })
    const { result } = await retried(ports, input(['a', 'done']))
    assert.deepEqual(
      result.finished.find((f) => f.key === 'done')?.status,
      'skipped'
    )
    assert.deepEqual(started, ['a'])
  })

  it('a space completed by an attempt whose heartbeats were lost is rechecked and counted, not skipped', async () => {
    const { ports, rows } = world({ a: 2, b: 2 }, (root, times) =>
      root === 'b-u0' && times === 1
        ? new TransientError('index', 'connection reset')
        : undefined
    )
    const { result, attempts } = await retried(
      ports,
      { ...input(['a', 'b']), spaceConcurrency: 1 },
      { scheduledTimestampMs: Date.now() - 1_000, lostHeartbeats: [1] }
    )
    assert.equal(attempts, 2)
    assert.equal(rows.get('a')?.status, 'completed')
    assert.deepEqual(byKey(result), {
      a: { status: 'completed', processed: 2, migrated: 2 },
      b: { status: 'completed', processed: 2, migrated: 2 },
    })
  })

  it('a space completed before the batch began (beyond clock skew) is skipped', async () => {
    const { ports, rows, started } = world({ a: 2, done: 2 })
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString()
    rows.set('done', { status: 'completed', updatedAt: hourAgo })
    const { result } = await retried(ports, input(['a', 'done']), {
      scheduledTimestampMs: Date.now(),
    })
    assert.equal(
      result.finished.find((f) => f.key === 'done')?.status,
      'skipped'
    )
    assert.deepEqual(started, ['a'])
  })

  it('a space failing for good ends failed on its row; the others finish', async () => {
    const { ports, rows } = world({ a: 2, ownerless: 2, c: 2 })
    const { result, attempts } = await retried(
      ports,
      input(['a', 'ownerless', 'c'])
    )
    assert.equal(attempts, 1)
    assert.deepEqual(byKey(result), {
      a: { status: 'completed', processed: 2, migrated: 2 },
      ownerless: { status: 'failed', processed: 0, migrated: 0 },
      c: { status: 'completed', processed: 2, migrated: 2 },
    })
    assert.equal(rows.get('ownerless')?.status, 'failed')
    assert.match(rows.get('ownerless')?.error ?? '', /has no owner/)
  })

  it('a transient failure fails the batch after the others; the retry resumes without redoing them', async () => {
    const poison = 'b-u3'
    const { ports, migrations } = world({ a: 4, b: 5, c: 1 }, (root, times) =>
      root === poison && times === 1
        ? new TransientError('check', 'HTTP 500')
        : undefined
    )
    const { result, attempts, errors } = await retried(
      ports,
      input(['a', 'b', 'c'])
    )
    assert.equal(attempts, 2)
    assert.ok(errors[0] instanceof ApplicationFailure)
    assert.equal((errors[0] as ApplicationFailure).nonRetryable, false)
    assert.deepEqual(byKey(result), {
      a: { status: 'completed', processed: 4, migrated: 4 },
      b: { status: 'completed', processed: 5, migrated: 5 },
      c: { status: 'completed', processed: 1, migrated: 1 },
    })
    for (const [root, times] of migrations)
      assert.equal(times, root === poison ? 2 : 1, root)
  })

  it('a service refusing writes stops the batch: it returns the spaces finished, the rest and shows the pause', async () => {
    const { ports, migrations, pauses } = world(
      { a: 2, b: 2, c: 2, d: 2 },
      (root) =>
        root === 'b-u0'
          ? new ServiceUnavailable('index', 'writes disabled')
          : undefined
    )
    const { result, attempts } = await retried(ports, {
      ...input(['a', 'b', 'c', 'd']),
      spaceConcurrency: 1,
    })
    assert.equal(attempts, 1)
    assert.deepEqual(Object.keys(byKey(result)), ['a'])
    assert.match(result.refused?.reason ?? '', /writes disabled/)
    assert.deepEqual(result.refused?.rest, ['b', 'c', 'd'])
    assert.equal(pauses.length, 1)
    assert.match(pauses[0]!, /^b: .*writes disabled/)
    assert.equal(migrations.get('c-u0'), undefined, 'nothing after the refusal')
  })

  it("a refusal around the pages (a breaker open on the gateway at a space's start) retries the batch, as the space workflow's step would, and pauses nothing", async () => {
    const { ports, pauses, rows } = world({ a: 2, b: 2, c: 2 })
    const start = ports.start
    let refusals = 0
    ports.start = async (step, look) => {
      if (step.space === 'b' && refusals++ === 0)
        throw new ServiceUnavailable(
          'gateway',
          'gateway is refusing the migration: 12 of its last 20 calls failed within 60 s'
        )
      return start(step, look)
    }
    const { result, attempts, errors } = await retried(
      ports,
      input(['a', 'b', 'c'])
    )
    assert.equal(attempts, 2)
    assert.equal((errors[0] as ApplicationFailure).nonRetryable, false)
    assert.equal(result.refused, undefined)
    assert.deepEqual(pauses, [])
    assert.deepEqual(byKey(result), {
      a: { status: 'completed', processed: 2, migrated: 2 },
      b: { status: 'completed', processed: 2, migrated: 2 },
      c: { status: 'completed', processed: 2, migrated: 2 },
    })
    assert.equal(rows.get('b')?.status, 'completed')
  })

  it("recounts a space at its end without heartbeating the count's own checkpoint over the batch's", async () => {
    const updates: unknown[] = []
    const deps = {
      worker: { identity: 'w', label: 'w', env: 'local', taskQueue: 'q' },
      migration: {
        tables: {
          upload: {
            countPage: async (_space: string, cursor?: string) =>
              cursor === undefined
                ? { count: 3, cursor: 'next' }
                : { count: 2, cursor: undefined },
          },
          migrationProgress: {
            update: async (_c: string, _s: string, row: unknown) => {
              updates.push(row)
            },
          },
        },
      },
    } as unknown as ActivityDeps
    // A retry of the batch reads its last heartbeat as the batch's checkpoint.
    const batchCheckpoint: SmallSpacesCheckpoint = {
      finished: [],
      large: [],
      running: {},
    }
    const env = new MockActivityEnvironment({
      heartbeatDetails: batchCheckpoint,
    })
    const beats: unknown[] = []
    env.on('heartbeat', (d: unknown) => beats.push(d))
    let batchBeats = 0
    const { added } = (await env.run(() =>
      smallSpacesPorts(deps).finish(
        {
          customer,
          space: 'a',
          status: 'completed',
          completedUploads: 4,
          recount: true,
        },
        () => batchBeats++
      )
    )) as { added: number }
    assert.deepEqual(beats, [])
    assert.equal(batchBeats, 2)
    assert.equal(added, 1)
    assert.deepEqual(
      updates.map((row) => (row as { totalUploads?: number }).totalUploads),
      [5]
    )
  })
})
