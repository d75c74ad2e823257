import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApplicationFailure } from '@temporalio/common'
import { MockActivityEnvironment } from '@temporalio/testing'
import {
  migrateUploadPage,
  type UploadPagePorts,
} from '../../src/activities/migrate-upload-page.js'
import { ShardNotFound, TransientError } from '../../src/migration/errors.js'
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
        counts: { migrated: 4, alreadyMigrated: 0, failed: 0 },
      },
    })
    const result = await runPage(env, ports, input)
    assert.deepEqual(migrated, ['root-4', 'root-5'])
    assert.equal(result.migrated, 6)
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
