import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApplicationFailure } from '@temporalio/common'
import { MockActivityEnvironment } from '@temporalio/testing'
import {
  ISOLATE_FROM_ATTEMPT,
  migrateSmallCustomers,
  type SmallCustomersPorts,
} from '../../src/activities/migrate-small-customers.js'
import { toFailure } from '../../src/activities/to-failure.js'
import {
  ServiceUnavailable,
  TransientError,
  ServiceRejected,
} from '../../src/failures/index.js'
import type {
  RecordCustomerInput,
  SmallCustomersCheckpoint,
  SmallCustomersInput,
  SmallCustomersResult,
} from '../../src/workflows/types.js'
import { smallSpacesWorld } from '../helpers/small-spaces-world.js'

const input = (customers: string[]): SmallCustomersInput => ({
  customers,
  steps: 'full',
  track: true,
  skipCompleted: true,
  authorizeGateway: true,
  createMigrationSpace: true,
  smallSpaceUploads: 5,
  smallCustomerUploads: 8,
  spacesPerPage: 3,
  pageSize: 2,
  uploadConcurrency: 2,
  spaceConcurrency: 2,
  customerConcurrency: 2,
})

/**
 * Customers (their spaces named `<customer>/<n>`) over the in-memory spaces of
 * `smallSpacesWorld`; `fail` decides what migrating an upload throws.
 */
function world(
  customers: Record<string, number[]>,
  fail?: Parameters<typeof smallSpacesWorld>[1]
) {
  const spacesOf = (customer: string) =>
    (customers[customer] ?? []).map((_, s) => `${customer}/${s}`)
  const sizes = Object.fromEntries(
    Object.entries(customers).flatMap(([customer, uploads]) =>
      uploads.map((n, s) => [`${customer}/${s}`, n])
    )
  )
  const spaces = smallSpacesWorld(sizes, fail)
  const customerRows = new Map<string, RecordCustomerInput | 'in-progress'>()
  const prepared: string[] = []
  const ports: SmallCustomersPorts = {
    prepare: async ({ customer }) => {
      prepared.push(customer)
      const wasCompleted =
        (customerRows.get(customer) as RecordCustomerInput | undefined)
          ?.status === 'completed'
      if (!wasCompleted) customerRows.set(customer, 'in-progress')
      return { migrationSpace: `${customer}-ms`, wasCompleted }
    },
    listSpaces: async ({ customer, cursor, pageSize }) => {
      const all = spacesOf(customer)
      const start = Number(cursor ?? 0)
      const end = start + pageSize
      return {
        items: all.slice(start, end),
        cursor: end < all.length ? String(end) : undefined,
      }
    },
    record: async (row) => {
      customerRows.set(row.customer, row)
    },
    spaces: spaces.ports,
  }
  return { ...spaces, ports, customerRows, prepared }
}

/** Runs the batch as Temporal would: a retryable failure is retried with the last checkpoint. */
async function retried(
  ports: SmallCustomersPorts,
  batch: SmallCustomersInput,
  { scheduledTimestampMs = 1, lostHeartbeats = [] as number[] } = {}
) {
  let details: SmallCustomersCheckpoint | undefined
  const errors: unknown[] = []
  for (let attempt = 1; attempt <= 5; attempt++) {
    const env = new MockActivityEnvironment({
      heartbeatDetails: details,
      scheduledTimestampMs,
      attempt,
    })
    env.on('heartbeat', (d: SmallCustomersCheckpoint) => {
      if (!lostHeartbeats.includes(attempt)) details = structuredClone(d)
    })
    try {
      const result = (await env.run(
        migrateSmallCustomers(ports),
        batch
      )) as SmallCustomersResult
      return { result, attempts: attempt, errors }
    } catch (err) {
      errors.push(err)
      if (!(err instanceof ApplicationFailure) || err.nonRetryable) throw err
    }
  }
  throw new Error('never succeeded')
}

const byKey = (result: SmallCustomersResult) =>
  Object.fromEntries(
    result.finished.map(({ key, status, processed, migrated }) => [
      key,
      { status, processed, migrated },
    ])
  )

describe('migrateSmallCustomers', () => {
  it('migrates each small customer, its spaces and its row, without a workflow', async () => {
    const { ports, customerRows, rows } = world({ a: [2, 3], b: [0], c: [] })
    const { result, attempts } = await retried(ports, input(['a', 'b', 'c']))
    assert.equal(attempts, 1)
    assert.deepEqual(byKey(result), {
      a: { status: 'completed', processed: 5, migrated: 5 },
      b: { status: 'completed', processed: 0, migrated: 0 },
      c: { status: 'completed', processed: 0, migrated: 0 },
    })
    assert.deepEqual(result.handedBack, {})
    assert.deepEqual(customerRows.get('a'), {
      customer: 'a',
      instanceId: undefined,
      status: 'completed',
      completedSpaces: 2,
      completedUploads: 5,
      error: undefined,
    })
    assert.equal(rows.get('a/1')?.status, 'completed')
  })

  it('hands back, prepared and with nothing of its spaces written, a customer with a large space, more spaces than a page, or too many uploads', async () => {
    const { ports, rows, started, prepared } = world({
      large: [2, 6],
      many: [1, 1, 1, 1],
      heavy: [5, 4],
      small: [1],
    })
    const { result } = await retried(
      ports,
      input(['large', 'many', 'heavy', 'small'])
    )
    assert.deepEqual(Object.keys(byKey(result)), ['small'])
    assert.deepEqual(prepared.sort(), ['heavy', 'large', 'many', 'small'])
    const { large, many, heavy } = result.handedBack
    assert.deepEqual(
      [large?.prepared, large?.pending, large?.candidates, large?.exhausted],
      [true, ['large/1'], ['large/0'], true]
    )
    assert.deepEqual(
      [many?.candidates, many?.cursor, many?.exhausted],
      [['many/0', 'many/1', 'many/2'], '3', false]
    )
    assert.deepEqual(
      [heavy?.pending, heavy?.candidates],
      [[], ['heavy/0', 'heavy/1']]
    )
    assert.deepEqual(started, ['small/0'])
    assert.equal(rows.get('large/0'), undefined)
  })

  it("a transient failure fails the batch after the others; the retry resumes the customer's spaces without redoing any", async () => {
    const poison = 'b/1-u1'
    const { ports, migrations, prepared } = world(
      { a: [2], b: [2, 3], c: [1] },
      (root, times) =>
        root === poison && times === 1
          ? new TransientError('check', 'HTTP 500')
          : undefined
    )
    const { result, attempts, errors } = await retried(
      ports,
      input(['a', 'b', 'c'])
    )
    assert.equal(attempts, 2)
    assert.equal((errors[0] as ApplicationFailure).nonRetryable, false)
    assert.deepEqual(byKey(result), {
      a: { status: 'completed', processed: 2, migrated: 2 },
      b: { status: 'completed', processed: 5, migrated: 5 },
      c: { status: 'completed', processed: 1, migrated: 1 },
    })
    assert.deepEqual(prepared.sort(), ['a', 'b', 'c'], 'each prepared once')
    for (const [root, times] of migrations)
      assert.equal(times, root === poison ? 2 : 1, root)
  })

  it(`a customer still failing on attempt ${ISOLATE_FROM_ATTEMPT} is handed back with its finished spaces counted; the others stay finished`, async () => {
    const { ports } = world({ a: [1], b: [2, 3] }, (root) =>
      root === 'b/1-u0' ? new TransientError('check', 'HTTP 500') : undefined
    )
    const { result, attempts } = await retried(ports, {
      ...input(['a', 'b']),
      spaceConcurrency: 1,
    })
    assert.equal(attempts, ISOLATE_FROM_ATTEMPT)
    assert.deepEqual(Object.keys(byKey(result)), ['a'])
    const b = result.handedBack.b
    assert.equal(b?.prepared, true)
    assert.equal(b?.finished, 1)
    assert.equal(b?.counts.processed, 2)
    assert.deepEqual(b?.candidates, ['b/1'])
  })

  it('a step failing for good hands its customer back at once, unprepared, for its workflow to fail it', async () => {
    const { ports } = world({ a: [1], b: [1] })
    const prepare = ports.prepare
    ports.prepare = async (step) => {
      if (step.customer === 'b')
        throw toFailure(new ServiceRejected('index', 'b is not a customer'))
      return prepare(step)
    }
    const { result, attempts } = await retried(ports, input(['a', 'b']))
    assert.equal(attempts, 1)
    assert.deepEqual(Object.keys(byKey(result)), ['a'])
    assert.equal(result.handedBack.b?.prepared, undefined)
  })

  it('a customer completed by an attempt whose heartbeats were lost is rechecked and counted, not skipped', async () => {
    const { ports, customerRows } = world({ a: [2], b: [2] }, (root, times) =>
      root === 'b/0-u0' && times === 1
        ? new TransientError('index', 'connection reset')
        : undefined
    )
    const { result, attempts } = await retried(
      ports,
      { ...input(['a', 'b']), customerConcurrency: 1 },
      { scheduledTimestampMs: Date.now() - 1_000, lostHeartbeats: [1] }
    )
    assert.equal(attempts, 2)
    assert.deepEqual(byKey(result), {
      a: { status: 'completed', processed: 2, migrated: 2 },
      b: { status: 'completed', processed: 2, migrated: 2 },
    })
    assert.equal(
      (customerRows.get('a') as RecordCustomerInput).completedUploads,
      2
    )
  })

  it('a service refusing writes stops the batch: the customer refused is handed back with its spaces finished and the rest, the customers not begun are returned, and the pause shows', async () => {
    const { ports, pauses, prepared } = world(
      { a: [1], b: [1, 1, 1], c: [1] },
      (root) =>
        root === 'b/1-u0'
          ? new ServiceUnavailable('index', 'writes disabled')
          : undefined
    )
    const { result, attempts } = await retried(ports, {
      ...input(['a', 'b', 'c']),
      customerConcurrency: 1,
      spaceConcurrency: 1,
    })
    assert.equal(attempts, 1)
    assert.deepEqual(Object.keys(byKey(result)), ['a'])
    assert.match(result.refused?.reason ?? '', /writes disabled/)
    assert.deepEqual(result.refused?.rest, ['c'])
    assert.deepEqual(prepared, ['a', 'b'])
    const b = result.handedBack.b
    assert.equal(b?.finished, 1)
    assert.deepEqual(b?.candidates, ['b/1', 'b/2'])
    assert.equal(pauses.length, 1)
    assert.match(pauses[0]!, /^b\/1: .*writes disabled/)
  })

  it('a refusal around the pages (at a customer’s listing) retries the batch and pauses nothing', async () => {
    const { ports, pauses } = world({ a: [1], b: [1] })
    const listSpaces = ports.listSpaces
    let refusals = 0
    ports.listSpaces = async (step) => {
      if (step.customer === 'b' && refusals++ === 0)
        throw toFailure(new ServiceUnavailable('index', 'throttled'))
      return listSpaces(step)
    }
    const { result, attempts } = await retried(ports, input(['a', 'b']))
    assert.equal(attempts, 2)
    assert.equal(result.refused, undefined)
    assert.deepEqual(pauses, [])
    assert.deepEqual(Object.keys(byKey(result)).sort(), ['a', 'b'])
  })
})
