import assert from 'node:assert/strict'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { MockActivityEnvironment } from '@temporalio/testing'
import type { LogLevel } from '@temporalio/worker'
import {
  migrateUploadPage,
  type UploadPagePorts,
} from '../../src/activities/migrate-upload-page.js'
import {
  migrateSmallSpaces,
  type SmallSpacesPorts,
} from '../../src/activities/migrate-small-spaces.js'
import { PAGE_EVENTS } from '../../src/activities/page-log.js'
import { ShardNotFound, TransientError } from '../../src/failures/index.js'
import type { UploadOutcome } from '../../src/migration/migrate-upload.js'
import type { UploadRecord } from '../../src/services/dynamo/upload-table.js'
import { createLog } from '../../src/workers/log.js'
import type { UploadPageInput } from '../../src/workflows/types.js'

const uploads: UploadRecord[] = Array.from({ length: 5 }, (_, i) => ({
  space: 'did:key:s',
  root: `root-${i}`,
  shards: [`shard-${i}`],
}))
const input: UploadPageInput = {
  customer: 'did:mailto:c.com:u',
  space: 'did:key:s',
  cursor: 'root-prev',
  pageSize: 5,
  concurrency: 2,
  mode: 'full',
  instanceId: 'i-1',
}

const outcome = (
  upload: UploadRecord,
  status: UploadOutcome['status']
): UploadOutcome => ({
  root: upload.root,
  space: upload.space,
  status,
  wrote: { index: status === 'migrated', claims: [] },
  ...(status === 'failed'
    ? { reason: 'SHARD_NOT_FOUND', step: 'index', error: 'shard gone' }
    : {}),
})

function pagePorts(
  migrate: (u: UploadRecord) => Promise<UploadOutcome>,
  log: UploadPagePorts['log']
): UploadPagePorts {
  return {
    listPage: async () => ({ uploads, cursor: 'root-4' }),
    survey: async (todo) => todo.map(() => ({})),
    verify: async (outcomes) => [...outcomes],
    migrate: (_customer, upload) => migrate(upload),
    recordFailure: async () => {},
    failedAmong: async () => new Set<string>(),
    clearFailure: async () => {},
    recordProgress: async () => {},
    log,
  }
}

type Line = Record<string, unknown>

/** A real pino log into a file of its own, and its lines. */
async function fileLog(level: LogLevel = 'INFO') {
  const file = join(await mkdtemp(join(tmpdir(), 'page-log-')), 'log.jsonl')
  const lines = async () =>
    (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line)
  return { log: createLog({ level, file }), lines }
}

/** Runs one page activity with a real pino log into a file; returns its result and lines. */
async function logPage(
  migrate: (u: UploadRecord) => Promise<UploadOutcome>,
  level: LogLevel = 'INFO'
) {
  const { log, lines } = await fileLog(level)
  const ports = pagePorts(migrate, log)
  const env = new MockActivityEnvironment({
    attempt: 3,
    activityId: 'act-7',
    activityType: 'migrateUploadPage',
    workflowExecution: { workflowId: 'wf-1', runId: 'run-1' },
  })
  const result = await env
    .run(migrateUploadPage(ports), input)
    .catch((err: unknown) => err)
  return { result, lines: await lines() }
}

const byEvent = (lines: Line[], event: string) =>
  lines.filter((l) => l.event === event)

describe('page log lines', () => {
  it('writes one start and one end line with the scope and the counts by outcome', async () => {
    const { lines } = await logPage(async (u) =>
      outcome(
        u,
        u.root === 'root-1'
          ? 'failed'
          : u.root === 'root-2'
            ? 'already-migrated'
            : 'migrated'
      )
    )
    const [start] = byEvent(lines, PAGE_EVENTS.start)
    const ends = byEvent(lines, PAGE_EVENTS.end)
    assert.equal(byEvent(lines, PAGE_EVENTS.start).length, 1)
    assert.equal(ends.length, 1)
    const scope = {
      instanceId: 'i-1',
      customer: input.customer,
      space: input.space,
      mode: 'full',
      cursor: 'root-prev',
      workflowId: 'wf-1',
      runId: 'run-1',
      activityId: 'act-7',
      activityType: 'migrateUploadPage',
      attempt: 3,
    }
    for (const line of [start!, ends[0]!])
      for (const [key, value] of Object.entries(scope))
        assert.equal(line[key], value, `${String(line.event)} ${key}`)
    assert.equal(start!.level, 'info')
    assert.ok(!Number.isNaN(Date.parse(String(start!.time))))
    const { durationMs, ...end } = ends[0]!
    assert.equal(typeof durationMs, 'number')
    assert.equal(end.outcome, 'done')
    assert.deepEqual(
      [end.processed, end.migrated, end.alreadyMigrated, end.failed],
      [5, 3, 1, 1]
    )
    assert.equal(end.nextCursor, 'root-4')
  })

  it('writes a line per recorded failure with its reason, step and error', async () => {
    const { lines } = await logPage(async (u) =>
      outcome(u, u.root === 'root-3' ? 'failed' : 'migrated')
    )
    const failures = byEvent(lines, PAGE_EVENTS.failure)
    assert.equal(failures.length, 1)
    assert.equal(failures[0]!.level, 'warn')
    assert.equal(failures[0]!.root, 'root-3')
    assert.equal(failures[0]!.reason, 'SHARD_NOT_FOUND')
    assert.equal(failures[0]!.step, 'index')
    assert.equal(failures[0]!.error, 'shard gone')
    assert.equal(failures[0]!.space, input.space)
  })

  it('ends a failed attempt with outcome failed, the error type and whether it retries', async () => {
    const { result, lines } = await logPage(async (u) => {
      if (u.root === 'root-2')
        throw new TransientError('check', 'HTTP 503 from the indexer')
      return outcome(u, 'migrated')
    })
    assert.ok(result instanceof Error)
    const ends = byEvent(lines, PAGE_EVENTS.end)
    assert.equal(ends.length, 1)
    assert.equal(ends[0]!.outcome, 'failed')
    assert.equal(ends[0]!.level, 'warn')
    const error = ends[0]!.error as Record<string, unknown>
    assert.equal(error.retryable, true)
    assert.match(String(error.message), /HTTP 503/)
  })

  it('ends a page that fails for good as not retryable', async () => {
    const { lines } = await logPage(async () => {
      throw new ShardNotFound('index', 'the listing broke')
    })
    const error = byEvent(lines, PAGE_EVENTS.end)[0]!.error as Line
    assert.equal(error.type, 'ShardNotFound')
    assert.equal(error.retryable, false)
  })

  it('writes no line per upload at info, and one per upload at debug', async () => {
    const migrated = async (u: UploadRecord) => outcome(u, 'migrated')
    const info = await logPage(migrated)
    assert.equal(byEvent(info.lines, PAGE_EVENTS.upload).length, 0)
    assert.equal(info.lines.length, 2)
    const debug = await logPage(migrated, 'DEBUG')
    assert.deepEqual(
      byEvent(debug.lines, PAGE_EVENTS.upload).map((l) => l.root),
      uploads.map((u) => u.root)
    )
  })

  it('runs a page without a log', async () => {
    const ports = pagePorts(async (u) => outcome(u, 'migrated'), undefined)
    const result = (await new MockActivityEnvironment().run(
      migrateUploadPage(ports),
      input
    )) as { processed: number }
    assert.equal(result.processed, 5)
  })

  it('logs each page of a batch of small spaces with the batch activity’s scope', async () => {
    const { log, lines } = await fileLog()
    const sizes: Record<string, number> = { a: 3, b: 2 }
    const page = pagePorts(async (u) => outcome(u, 'migrated'), log)
    page.listPage = async ({ space, cursor, pageSize }) => {
      const all = Array.from({ length: sizes[space]! }, (_, i) => ({
        space,
        root: `${space}-${i}`,
        shards: [],
      })).filter((u) => cursor === undefined || u.root > cursor)
      const uploads = all.slice(0, pageSize)
      return {
        uploads,
        cursor: all.length > pageSize ? uploads.at(-1)!.root : undefined,
      }
    }
    const ports: SmallSpacesPorts = {
      look: async ({ space }) => ({
        wasCompleted: false,
        count: { counted: sizes[space]! },
      }),
      start: async ({ space }) => ({
        totalUploads: sizes[space]!,
        completedUploads: 0,
        gateway: { status: 'authorized' },
      }),
      finish: async () => ({ added: 0 }),
      showPause: async () => {},
      page,
    }
    const env = new MockActivityEnvironment({
      activityId: 'batch-1',
      activityType: 'migrateSmallSpaces',
      workflowExecution: { workflowId: 'customer-wf', runId: 'r' },
    })
    await env.run(migrateSmallSpaces(ports), {
      customer: input.customer,
      spaces: ['a', 'b'],
      steps: 'full' as const,
      track: true,
      skipCompleted: true,
      authorizeGateway: true,
      smallSpaceUploads: 5,
      pageSize: 2,
      uploadConcurrency: 2,
      spaceConcurrency: 2,
    })
    const out = await lines()
    const ends = byEvent(out, PAGE_EVENTS.end)
    assert.equal(byEvent(out, PAGE_EVENTS.start).length, 3)
    assert.deepEqual(
      ends.map((l) => `${String(l.space)} ${String(l.processed)}`).sort(),
      ['a 1', 'a 2', 'b 2']
    )
    for (const line of out) {
      assert.equal(line.activityType, 'migrateSmallSpaces')
      assert.equal(line.activityId, 'batch-1')
      assert.equal(line.workflowId, 'customer-wf')
    }
  })
})
