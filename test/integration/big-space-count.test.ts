import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Context } from '@temporalio/activity'
import {
  type ActivityInterceptorsFactory,
  NativeConnection,
  Worker,
} from '@temporalio/worker'
import { createActivities } from '../../src/activities/index.js'
import { temporalConnectionOptions } from '../../src/config/temporal-connection.js'
import { createDeps } from '../../src/workers/deps.js'
import { spaceWorkflowId } from '../../src/workflows/ids.js'
import type { InstanceResult, UploadCount } from '../../src/workflows/types.js'
import { activityRuns, firstOf } from '../helpers/activity-timeline.js'
import { migrationWorld } from '../helpers/migration-world.js'

/** Enough metadata-only uploads (about 300 bytes a row) for a count of several 1 MB pages. */
const SPACE_UPLOADS = 16_000
const PAGE_SIZE = 10

const world = await migrationWorld({
  seed: 'big-space-count',
  customers: 2,
  spacesPerCustomer: 1,
  uploadsPerSpace: SPACE_UPLOADS,
  metadataOnly: true,
})

const spaceOf = (customer: string) => {
  const space = world.uploads.find((u) => u.customer === customer)?.space
  if (!space) throw new Error(`no space of ${customer}`)
  return space
}

/** Where each count page of the space ends, walking it as the count activity does. */
async function countPagesOf(space: string) {
  const pages: UploadCount[] = []
  let at: UploadCount = { counted: 0 }
  do {
    const page = await world.tables.upload.countPage(space, at.cursor)
    at = { counted: at.counted + page.count, cursor: page.cursor }
    pages.push(at)
  } while (at.cursor !== undefined)
  return pages
}

/** One page of one customer's space (`--limit`), so the run ends once its count is done. */
async function migrateOnePage(customer: string, env: string) {
  const handle = await world.startInstance(env, {
    env,
    source: { kind: 'list', customers: [customer] },
    limit: PAGE_SIZE,
    tuning: { pageSize: PAGE_SIZE },
  })
  const result: InstanceResult = await handle.result()
  const space = spaceOf(customer)
  const history = await world.temporal.client.workflow
    .getHandle(spaceWorkflowId({ env, mode: 'full' }, space))
    .fetchHistory()
  return { result, space, runs: activityRuns(history) }
}

/** What an attempt of the count activity began from, and what it heartbeat. */
interface CountAttempt {
  attempt: number
  resumedFrom?: UploadCount
  beats: UploadCount[]
}

/**
 * Records every attempt of `countSpaceUploads`, and makes its first attempt die just after its
 * `crashAfter`-th heartbeat, as a worker lost mid-count (the error is an ordinary one: retried).
 */
function countCrashing(
  attempts: CountAttempt[],
  crashAfter: number
): ActivityInterceptorsFactory {
  return (ctx) => {
    if (ctx.info.activityType !== 'countSpaceUploads') return {}
    const record: CountAttempt = {
      attempt: ctx.info.attempt,
      resumedFrom: ctx.info.heartbeatDetails as UploadCount | undefined,
      beats: [],
    }
    attempts.push(record)
    const beat = ctx.heartbeat
    ;(ctx as { heartbeat: Context['heartbeat'] }).heartbeat = (details) => {
      beat(details)
      record.beats.push(structuredClone(details as UploadCount))
      if (record.attempt === 1 && record.beats.length === crashAfter)
        throw new Error('the worker was lost mid-count')
    }
    return {}
  }
}

/** A production worker of the test's own, with an activity interceptor. */
async function withInterceptedWorker<T>(
  interceptor: ActivityInterceptorsFactory,
  work: () => Promise<T>
): Promise<T> {
  const { config, taskQueue } = world
  const identity = 'count-crashing-worker'
  const deps = await createDeps(config)
  const connection = await NativeConnection.connect(
    temporalConnectionOptions(config.temporal)
  )
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue,
      identity,
      workflowBundle: { codePath: world.workflowBundle },
      activities: createActivities({
        worker: { identity, label: identity, env: config.env, taskQueue },
        migration: deps.ports,
      }),
      interceptors: { activity: [interceptor] },
      shutdownGraceTime: '0 seconds',
    })
    return await worker.runUntil(work)
  } finally {
    await connection.close()
    await deps.close()
  }
}

describe('a space whose count takes several DynamoDB pages', () => {
  it('starts its pages before its count is done, and its row gets the whole count', async (t) => {
    const customer = world.customers[0]!
    const space = spaceOf(customer)
    const pages = await countPagesOf(space)
    assert.ok(pages.length >= 4, `${pages.length} count pages`)
    assert.equal(pages.at(-1)?.counted, SPACE_UPLOADS)

    const { result, runs } = await world.withWorker(() =>
      migrateOnePage(customer, 'local-big-space')
    )
    assert.equal(result.processed, PAGE_SIZE)

    const begin = firstOf(runs, 'beginSpace')
    const count = firstOf(runs, 'countSpaceUploads')
    const page = firstOf(runs, 'migrateUploadPage')
    assert.equal(begin.outcome, 'completed')
    assert.deepEqual(
      (begin.result as { count?: UploadCount }).count,
      pages[0],
      'beginSpace counted the first page only'
    )
    assert.ok(
      page.scheduledEventId < count.closedEventId!,
      'the first page was scheduled before the count completed'
    )
    assert.ok(
      page.startedAt! < count.closedAt!,
      'the first page started before the count completed'
    )
    assert.equal(count.outcome, 'completed')
    assert.equal(count.result, SPACE_UPLOADS)
    t.diagnostic(
      `${pages.length} count pages; first page started ${page.startedAt! - begin.closedAt!} ms after beginSpace, count done ${count.closedAt! - begin.closedAt!} ms after it`
    )

    const row = await world.tables.migrationProgress.get(customer, space)
    assert.equal(row?.totalUploads, SPACE_UPLOADS)
    assert.equal(row?.completedUploads, PAGE_SIZE)
    assert.equal(row?.status, 'pending', 'stopped by the limit')
  })

  it('resumes a count interrupted mid-way from its heartbeat, not from the start', async (t) => {
    const customer = world.customers[1]!
    const space = spaceOf(customer)
    const pages = await countPagesOf(space)
    assert.ok(pages.length >= 4, `${pages.length} count pages`)

    const attempts: CountAttempt[] = []
    const { runs } = await withInterceptedWorker(
      countCrashing(attempts, 2),
      () => migrateOnePage(customer, 'local-big-space-resume')
    )

    const count = firstOf(runs, 'countSpaceUploads')
    assert.equal(count.outcome, 'completed')
    assert.equal(count.result, SPACE_UPLOADS)
    assert.equal(count.attempt, 2, 'the count completed on its second attempt')
    assert.deepEqual(
      attempts.map((a) => a.attempt),
      [1, 2]
    )
    const [first, second] = attempts as [CountAttempt, CountAttempt]
    assert.equal(first.resumedFrom, undefined)
    assert.deepEqual(first.beats, pages.slice(1, 3))
    // The retry began where a heartbeat of the first attempt left the count (the throttled
    // second one may or may not have reached the server before the failure)...
    const from = second.resumedFrom
    assert.ok(from, 'the second attempt had heartbeat details')
    assert.ok(
      first.beats.some(
        (b) => b.counted === from.counted && b.cursor === from.cursor
      ),
      `resumed from ${JSON.stringify(from)}, a heartbeat of the first attempt`
    )
    // ...and counted each page after it once, and none before it.
    const resumedAt = pages.findIndex((p) => p.cursor === from.cursor)
    assert.deepEqual(second.beats, pages.slice(resumedAt + 1))
    t.diagnostic(
      `${pages.length} count pages: beginSpace counted 1, the first attempt ${first.beats.length} before it was lost, the second resumed at ${from.counted} uploads and counted ${second.beats.length}`
    )

    const row = await world.tables.migrationProgress.get(customer, space)
    assert.equal(row?.totalUploads, SPACE_UPLOADS)
  })
})
