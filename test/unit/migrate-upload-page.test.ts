import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApplicationFailure } from '@temporalio/common'
import { MockActivityEnvironment } from '@temporalio/testing'
import {
  migrateUploadPage,
  type UploadPagePorts,
} from '../../src/activities/migrate-upload-page.js'
import { ShardNotFound, TransientError } from '../../src/failures/index.js'
import type { UploadOutcome } from '../../src/migration/migrate-upload.js'
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
  const ports: UploadPagePorts = {
    listPage: async () => ({ uploads, cursor: 'root-5' }),
    migrate: async (_customer, upload) => {
      migrated.push(upload.root)
      return outcomeOf(upload)
    },
    recordFailure: async (f) => void failures.push(`${f.root}:${f.reason}`),
    clearFailure: async () => {},
    recordProgress: async () => {},
  }
  return { ports, migrated, failures }
}

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
})
