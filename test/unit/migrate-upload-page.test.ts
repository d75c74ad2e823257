import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApplicationFailure } from '@temporalio/common'
import { MockActivityEnvironment } from '@temporalio/testing'
import {
  migrateUploadPage,
  type UploadPagePorts,
} from '../../src/activities/migrate-upload-page.js'
import {
  ServiceUnavailable,
  ShardNotFound,
  TransientError,
} from '../../src/failures/index.js'
import { SERVICE_REFUSAL } from '../../src/workflows/types.js'
import { UPLOAD_ATTEMPT_BUDGET } from '../../src/activities/attempt-budget.js'
import type { UploadOutcome } from '../../src/migration/migrate-upload.js'
import type { NewUploadFailure } from '../../src/services/dynamo/migration-failures-table.js'
import type { UploadRecord } from '../../src/services/dynamo/upload-table.js'
import type {
  UploadPageCheckpoint,
  UploadPageInput,
  UploadPageResult,
} from '../../src/workflows/types.js'

const uploads: UploadRecord[] = Array.from({ length: 6 }, (_, i) => ({
  space: 'did:key:s',
  root: `root-${i}`,
  shards: [`shard-${i}`],
}))
const input: UploadPageInput = {
  customer: 'did:mailto:c.com:u',
  space: 'did:key:s',
  pageSize: 6,
  concurrency: 3,
  mode: 'full',
}

/** In-memory ports: the page logic alone (the steps are tested against the sandbox). */
function fakePorts(
  outcomeOf: (upload: UploadRecord) => UploadOutcome | Promise<UploadOutcome>
) {
  const migrated: string[] = []
  const failures: string[] = []
  const rows: NewUploadFailure[] = []
  /** Read-only checks the page made of uploads it had finished (its control of a service). */
  const checked: string[] = []
  const ports: UploadPagePorts = {
    listPage: async () => ({ uploads, cursor: 'root-5' }),
    survey: async (todo) => todo.map(() => ({})),
    verify: async (outcomes) => [...outcomes],
    migrate: async (_customer, upload, mode) => {
      if (mode === 'verify-only' && input.mode !== 'verify-only')
        checked.push(upload.root)
      else migrated.push(upload.root)
      return outcomeOf(upload)
    },
    recordFailure: async (f) => {
      failures.push(`${f.root}:${f.reason}`)
      rows.push(f)
    },
    failedAmong: async () => new Set<string>(),
    clearFailure: async () => {},
    recordProgress: async () => {},
  }
  return { ports, migrated, failures, rows, checked }
}

/**
 * Runs the page as Temporal would: each failed attempt is retried with the last checkpoint it
 * heartbeat, until one succeeds or a non-retryable failure ends it (at most `attempts` times).
 */
async function retried(
  ports: UploadPagePorts,
  pageInput: UploadPageInput = input,
  attempts = 20,
  first?: UploadPageCheckpoint
) {
  let details = first
  const beats: UploadPageCheckpoint[] = []
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const env = new MockActivityEnvironment({ heartbeatDetails: details })
    env.on('heartbeat', (d: UploadPageCheckpoint) => {
      details = structuredClone(d)
      beats.push(details)
    })
    try {
      return { result: await runPage(env, ports, pageInput), attempt, beats }
    } catch (err) {
      if (!(err instanceof ApplicationFailure) || err.nonRetryable) throw err
    }
  }
  return { result: undefined, attempt: attempts, beats }
}

const indexer500 = (root: string) =>
  new TransientError('check', `GET /claims: HTTP 500 for ${root}`, {
    reason: 'INDEXING_SERVICE_500',
  })

const runPage = (
  env: MockActivityEnvironment,
  ports: UploadPagePorts,
  pageInput: UploadPageInput
) => env.run(migrateUploadPage(ports), pageInput) as Promise<UploadPageResult>

const ok = (upload: UploadRecord): UploadOutcome => ({
  root: upload.root,
  space: upload.space,
  status: 'migrated',
  wrote: { index: true, claims: [] },
})

describe('migrateUploadPage', () => {
  it('migrates a page, records failures, and returns the next cursor', async () => {
    const { ports, failures } = fakePorts((u) =>
      u.root === 'root-2'
        ? {
            ...ok(u),
            status: 'failed',
            reason: 'SHARD_NOT_FOUND',
            step: 'index',
            error: 'gone',
          }
        : ok(u)
    )
    const env = new MockActivityEnvironment()
    const beats: UploadPageCheckpoint[] = []
    env.on('heartbeat', (d: UploadPageCheckpoint) =>
      beats.push(structuredClone(d))
    )
    const result = await env.run(migrateUploadPage(ports), input)
    assert.deepEqual(result, {
      processed: 6,
      migrated: 5,
      alreadyMigrated: 0,
      failed: 1,
      nextCursor: 'root-5',
      lastProcessedUpload: 'root-5',
    })
    assert.deepEqual(failures, ['root-2:SHARD_NOT_FOUND'])
    assert.equal(beats.at(-1)?.finished, 6)
    assert.ok(
      beats.every(
        (b, i) => i === 0 || b.finished >= (beats[i - 1]?.finished ?? 0)
      ),
      'the checkpoint only moves forward'
    )
  })

  it('reads the page’s failure rows once and clears only those of uploads it migrated', async () => {
    const { ports } = fakePorts((u) =>
      u.root === 'root-3'
        ? { ...ok(u), status: 'failed', reason: 'SHARD_NOT_FOUND' }
        : ok(u)
    )
    const asked: string[][] = []
    const cleared: string[] = []
    ports.failedAmong = async (_space, roots) => {
      asked.push([...roots])
      return new Set(['root-1', 'root-3'])
    }
    ports.clearFailure = async (_space, root) => void cleared.push(root)
    await runPage(new MockActivityEnvironment(), ports, input)
    assert.deepEqual(asked, [uploads.map((u) => u.root)])
    assert.deepEqual(cleared, ['root-1'])
  })

  it('resumes after the uploads a previous attempt finished, keeping its counts', async () => {
    const { ports, migrated } = fakePorts(ok)
    const env = new MockActivityEnvironment({
      heartbeatDetails: {
        finished: 4,
        lastRoot: 'root-3',
        counts: { migrated: 4, alreadyMigrated: 0, failed: 0 },
      },
    })
    const result = await runPage(env, ports, input)
    assert.deepEqual(migrated, ['root-4', 'root-5'])
    assert.equal(result.migrated, 6)
    assert.equal(result.processed, 6)
  })

  it('counts only the finished prefix in its checkpoint, so a resumed page counts nothing twice', async () => {
    const release: (() => void)[] = []
    const { ports } = fakePorts(async (u) => {
      // root-0 finishes last: everything after it is done but not yet in the prefix.
      if (u.root === 'root-0') await new Promise<void>((r) => release.push(r))
      return ok(u)
    })
    const env = new MockActivityEnvironment()
    const beats: UploadPageCheckpoint[] = []
    env.on('heartbeat', (d: UploadPageCheckpoint) => {
      beats.push(structuredClone(d))
    })
    const running = runPage(env, ports, { ...input, concurrency: 6 })
    while (release.length === 0) await new Promise((r) => setTimeout(r, 5))
    await new Promise((r) => setTimeout(r, 20))
    assert.ok(
      beats.every((b) => b.counts.migrated === b.finished),
      'no upload outside the prefix is counted'
    )
    release[0]?.()
    const result = await running
    assert.equal(result.migrated, 6)
    assert.deepEqual(beats.at(-1), {
      finished: 6,
      lastRoot: 'root-5',
      counts: { migrated: 6, alreadyMigrated: 0, failed: 0 },
    })
  })

  it('resumes by root, not by position, when the listing changed in between', async () => {
    const { ports, migrated } = fakePorts(ok)
    // Retrying failures deletes their rows: the second listing lacks root-0 and root-1.
    ports.listPage = async () => ({ uploads: uploads.slice(2) })
    const env = new MockActivityEnvironment({
      heartbeatDetails: {
        finished: 2,
        lastRoot: 'root-1',
        counts: { migrated: 2, alreadyMigrated: 0, failed: 0 },
      },
    })
    await runPage(env, ports, input)
    assert.deepEqual(migrated, ['root-2', 'root-3', 'root-4', 'root-5'])
  })

  it('stops starting uploads once cancelled, and writes no progress', async () => {
    const env = new MockActivityEnvironment()
    const { ports, migrated } = fakePorts(async (u) => {
      if (u.root === 'root-1') env.cancel()
      return ok(u)
    })
    const rows: unknown[] = []
    ports.recordProgress = async (_c, _s, fields) => void rows.push(fields)
    await assert.rejects(
      runPage(env, ports, {
        ...input,
        concurrency: 1,
        progress: { completedUploads: 0 },
      })
    )
    assert.deepEqual(migrated, ['root-0', 'root-1'])
    assert.deepEqual(rows, [], 'a stale attempt leaves the row alone')
  })

  it('mirrors progress on the space row with absolute counts', async () => {
    const { ports } = fakePorts(ok)
    const rows: unknown[] = []
    ports.recordProgress = async (_c, _s, fields) => void rows.push(fields)
    await runPage(new MockActivityEnvironment(), ports, {
      ...input,
      progress: { completedUploads: 100 },
    })
    assert.deepEqual(rows, [
      {
        status: 'in-progress',
        completedUploads: 106,
        lastProcessedUpload: 'root-5',
      },
    ])
  })

  it('fails the page retryably on a transient error, with the service’s delay', async () => {
    const { ports } = fakePorts((u) => {
      if (u.root === 'root-1')
        throw new TransientError('check', 'indexer 503', {
          retryAfterMs: 2_000,
        })
      return ok(u)
    })
    await assert.rejects(
      new MockActivityEnvironment().run(migrateUploadPage(ports), input),
      (err: unknown) => {
        assert.ok(err instanceof ApplicationFailure)
        assert.equal(err.nonRetryable, false)
        assert.equal(err.type, 'TransientError')
        assert.equal(err.nextRetryDelay, 2_000)
        return true
      }
    )
  })

  it('records a poison root after its attempt budget, with its reason and step, and migrates the others once', async () => {
    const { ports, migrated, rows, checked } = fakePorts((u) => {
      if (u.root === 'root-2') throw indexer500(u.root)
      return ok(u)
    })
    const { result, attempt, beats } = await retried(ports)
    assert.equal(attempt, UPLOAD_ATTEMPT_BUDGET, 'one page attempt per charge')
    assert.deepEqual(result, {
      processed: 6,
      migrated: 5,
      alreadyMigrated: 0,
      failed: 1,
      nextCursor: 'root-5',
      lastProcessedUpload: 'root-5',
    })
    assert.deepEqual(
      rows.map((r) => [r.root, r.reason, r.step]),
      [['root-2', 'INDEXING_SERVICE_500', 'check']]
    )
    assert.match(rows[0]?.error ?? '', /HTTP 500/)
    assert.deepEqual(
      migrated.filter((root) => root !== 'root-2').sort(),
      ['root-0', 'root-1', 'root-3', 'root-4', 'root-5'],
      'every other upload migrated once'
    )
    assert.equal(
      migrated.filter((root) => root === 'root-2').length,
      UPLOAD_ATTEMPT_BUDGET
    )
    assert.equal(
      checked.length,
      UPLOAD_ATTEMPT_BUDGET - 1,
      'each retry holding only the poison root checked one finished upload'
    )
    assert.ok(
      checked.every((root) => root !== 'root-2'),
      'the control is a finished upload'
    )
    assert.deepEqual(
      beats
        .map((b) => b.attempts?.['root-2'])
        .filter((n) => n !== undefined)
        .filter((n, i, all) => n !== all[i - 1]),
      [0, 1, 2, 3, 4],
      'the checkpoint carries the charged attempts'
    )
    assert.equal(beats.at(-1)?.attempts, undefined)
  })

  it('charges nothing for an attempt in which every upload failed transiently', async () => {
    let down = true
    const { ports, rows } = fakePorts((u) => {
      if (down) throw new TransientError('check', `indexer down (${u.root})`)
      return ok(u)
    })
    const { result, beats } = await retried(ports, input, 12)
    assert.equal(result, undefined, 'a service down keeps the page retrying')
    assert.deepEqual(rows, [], 'and records no upload')
    const last = beats.at(-1)
    assert.deepEqual(
      last?.attempts,
      Object.fromEntries(uploads.map((u) => [u.root, 0])),
      'no upload was charged'
    )
    assert.equal(last?.finished, 0)
    down = false
    const { result: after } = await retried(ports, input, 1, last)
    assert.equal(after?.migrated, 6, 'the service back, every upload migrates')
    assert.deepEqual(rows, [])
  })

  it('keeps an upload’s budget across retries in the heartbeat details', async () => {
    const { ports, migrated, rows } = fakePorts((u) => {
      if (u.root === 'root-2') throw indexer500(u.root)
      return ok(u)
    })
    const charged = UPLOAD_ATTEMPT_BUDGET - 1
    const { result, attempt } = await retried(ports, input, 20, {
      finished: 5,
      lastRoot: 'root-5',
      counts: { migrated: 5, alreadyMigrated: 0, failed: 0 },
      attempts: { 'root-2': charged },
    })
    assert.equal(attempt, 1, 'the last charge records it')
    assert.deepEqual(migrated, ['root-2'], 'only the parked upload is retried')
    assert.deepEqual(
      rows.map((r) => r.root),
      ['root-2']
    )
    assert.equal(result?.processed, 6)
    assert.equal(result?.migrated, 5)
    assert.equal(result?.failed, 1)
  })

  it('resumes the parked uploads and the ones after the prefix, counting each once', async () => {
    let fixed = false
    const { ports, migrated, rows } = fakePorts((u) => {
      if (u.root === 'root-1' && !fixed) throw indexer500(u.root)
      return ok(u)
    })
    const env = new MockActivityEnvironment()
    let last: UploadPageCheckpoint | undefined
    env.on(
      'heartbeat',
      (d: UploadPageCheckpoint) => (last = structuredClone(d))
    )
    await assert.rejects(runPage(env, ports, input))
    assert.deepEqual(last, {
      finished: 5,
      lastRoot: 'root-5',
      counts: { migrated: 5, alreadyMigrated: 0, failed: 0 },
      attempts: { 'root-1': 1 },
    })
    fixed = true
    migrated.length = 0
    const { result } = await retried(ports, input, 1, last)
    assert.deepEqual(migrated, ['root-1'])
    assert.equal(result?.migrated, 6)
    assert.equal(result?.processed, 6)
    assert.deepEqual(rows, [])
  })

  it('charges a page of one upload every attempt: it has nothing to compare with', async () => {
    const lone = uploads.slice(0, 1)
    const { ports, rows } = fakePorts((u) => {
      throw indexer500(u.root)
    })
    ports.listPage = async () => ({ uploads: lone })
    const { result, attempt } = await retried(ports, {
      ...input,
      root: 'root-0',
    })
    assert.equal(attempt, UPLOAD_ATTEMPT_BUDGET)
    assert.equal(result?.failed, 1)
    assert.deepEqual(
      rows.map((r) => [r.root, r.reason]),
      [['root-0', 'INDEXING_SERVICE_500']]
    )
  })

  it('fails the page non-retryably when a service refuses, charging nothing', async () => {
    const { ports, rows } = fakePorts((u) => {
      if (u.root === 'root-1')
        throw new ServiceUnavailable('index', 'writes disabled')
      return ok(u)
    })
    const env = new MockActivityEnvironment()
    const beats: UploadPageCheckpoint[] = []
    env.on('heartbeat', (d: UploadPageCheckpoint) =>
      beats.push(structuredClone(d))
    )
    await assert.rejects(
      runPage(env, ports, { ...input, concurrency: 1 }),
      (err: unknown) => {
        assert.ok(err instanceof ApplicationFailure)
        assert.equal(err.type, SERVICE_REFUSAL)
        assert.equal(err.nonRetryable, true)
        return true
      }
    )
    assert.ok(beats.every((b) => b.attempts === undefined))
    assert.deepEqual(rows, [])
  })

  it('marks an unexpected permanent error non-retryable', async () => {
    const { ports } = fakePorts(() => {
      throw new ShardNotFound('index', 'no such shard')
    })
    await assert.rejects(
      new MockActivityEnvironment().run(migrateUploadPage(ports), input),
      (err: unknown) => {
        assert.ok(err instanceof ApplicationFailure)
        assert.equal(err.nonRetryable, true)
        assert.equal(err.type, 'ShardNotFound')
        return true
      }
    )
  })

  it('writes nothing in verify-only mode', async () => {
    const { ports, failures } = fakePorts((u) => ({
      ...ok(u),
      status: 'failed',
      reason: 'INDEX_MISSING',
    }))
    let cleared = 0
    ports.clearFailure = async () => void cleared++
    const result = await runPage(new MockActivityEnvironment(), ports, {
      ...input,
      mode: 'verify-only',
    })
    assert.equal(result.failed, 6)
    assert.deepEqual(failures, [])
    assert.equal(cleared, 0)
  })

  describe('verifying the page in one batch', () => {
    /** Ports whose uploads defer verification; `verdict` decides each, `batches` sees each call. */
    function deferring(
      verdict: (root: string) => boolean | Error,
      outcomeOf: (u: UploadRecord) => UploadOutcome = ok
    ) {
      const fake = fakePorts(outcomeOf)
      const batches: string[][] = []
      const surveyed: string[][] = []
      fake.ports.survey = async (todo) => {
        surveyed.push(todo.map((u) => u.root))
        return todo.map(() => ({ deferVerify: true }))
      }
      const migrate = fake.ports.migrate
      fake.ports.migrate = async (customer, upload, mode, context) => {
        const outcome = {
          ...(await migrate(customer, upload, mode)),
          toVerify: { space: upload.space, root: upload.root, shards: [] },
        }
        // Without the page's survey (an upload alone), it verifies itself.
        if (context?.deferVerify) return outcome
        const [verified] = await verify([outcome])
        return verified!
      }
      const verify = async (
        outcomes: readonly UploadOutcome[]
      ): Promise<UploadOutcome[]> => {
        batches.push(outcomes.map((o) => o.root))
        return outcomes.map(({ toVerify, ...o }): UploadOutcome => {
          const ok = verdict(o.root)
          if (ok instanceof Error) throw ok
          return ok
            ? o
            : {
                ...o,
                status: 'failed',
                reason: 'VERIFICATION_FAILED',
                step: 'verify',
                error: 'index missing',
              }
        })
      }
      fake.ports.verify = async (outcomes) => verify(outcomes)
      return { ...fake, batches, surveyed }
    }

    it('surveys the page once and verifies its migrated uploads together', async () => {
      const { ports, batches, surveyed, rows } = deferring(
        (root) => root !== 'root-4'
      )
      const env = new MockActivityEnvironment()
      const beats: UploadPageCheckpoint[] = []
      env.on('heartbeat', (d: UploadPageCheckpoint) =>
        beats.push(structuredClone(d))
      )
      const result = await runPage(env, ports, input)
      assert.deepEqual(surveyed, [uploads.map((u) => u.root)])
      assert.equal(batches.length, 1, 'one verification for the page')
      assert.deepEqual(batches[0]?.sort(), uploads.map((u) => u.root).sort())
      assert.equal(result.migrated, 5)
      assert.equal(result.failed, 1)
      assert.deepEqual(
        rows.map((r) => [r.root, r.reason]),
        [['root-4', 'VERIFICATION_FAILED']]
      )
      const before = beats.at(-2)
      assert.equal(before?.finished, 0, 'nothing counts before it is verified')
      assert.equal(Object.keys(before?.unverified ?? {}).length, 6)
      assert.deepEqual(beats.at(-1), {
        finished: 6,
        lastRoot: 'root-5',
        counts: { migrated: 5, alreadyMigrated: 0, failed: 1 },
      })
    })

    it('verifies again after a crash the uploads it had migrated, counting them as migrated', async () => {
      // The earlier attempt migrated root-0..3 and died before verifying them.
      const { ports, migrated, batches } = deferring(
        () => true,
        (u) =>
          ['root-0', 'root-1', 'root-2', 'root-3'].includes(u.root)
            ? { ...ok(u), status: 'already-migrated' }
            : ok(u)
      )
      const env = new MockActivityEnvironment({
        heartbeatDetails: {
          finished: 0,
          lastRoot: 'root-3',
          counts: { migrated: 0, alreadyMigrated: 0, failed: 0 },
          unverified: {
            'root-0': 'migrated',
            'root-1': 'migrated',
            'root-2': 'migrated',
            'root-3': 'alreadyMigrated',
          },
        } satisfies UploadPageCheckpoint,
      })
      const result = await runPage(env, ports, input)
      assert.deepEqual(migrated.sort(), uploads.map((u) => u.root).sort())
      assert.equal(batches.length, 1)
      assert.equal(result.processed, 6)
      assert.equal(result.migrated, 5, 'what the first attempt wrote counts')
      assert.equal(result.alreadyMigrated, 1)
    })

    it('verifies each upload alone when the batch fails, parking only the one that keeps failing', async () => {
      const { ports, batches, rows } = deferring((root) =>
        root === 'root-3' ? indexer500(root) : true
      )
      const { result, attempt } = await retried(ports)
      assert.equal(attempt, UPLOAD_ATTEMPT_BUDGET)
      assert.deepEqual(
        rows.map((r) => [r.root, r.reason]),
        [['root-3', 'INDEXING_SERVICE_500']]
      )
      assert.equal(result?.migrated, 5)
      assert.equal(result?.failed, 1)
      assert.ok(batches.length > 1, 'the batch fell back to single uploads')
    })
  })
})
