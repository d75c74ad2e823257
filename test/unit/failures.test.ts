import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  awsFailure,
  BadInput,
  httpStatusFailure,
  isPermanent,
  NoShardsNoIndex,
  PermanentError,
  reasonOf,
  receiptFailure,
  retryAfterMs,
  ServiceRejected,
  ServiceUnavailable,
  ShardNotFound,
  TransientError,
} from '../../src/failures/index.js'
import { ConfigError } from '../../src/config/load.js'
import { BadFlag } from '../../src/stack/cli-options.js'
import { RateLimitError } from '../../src/workers/service-rate-limits.js'

describe('the failure taxonomy', () => {
  it('classifies HTTP statuses as Storacha’s retry policy does, with Retry-After', () => {
    for (const status of [408, 429, 500, 503]) {
      const failure = httpStatusFailure('check', 'GET /claims', status, '2')
      assert.ok(failure instanceof TransientError, String(status))
      assert.equal(failure.retryAfterMs, 2_000)
    }
    for (const status of [400, 403, 404, 414]) {
      const failure = httpStatusFailure('check', 'GET /claims', status)
      assert.ok(failure instanceof ServiceRejected, String(status))
      assert.equal(failure.serviceError, `HTTP ${status}`)
    }
    assert.equal(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4_000), 6_000)
    assert.equal(retryAfterMs('soon'), undefined)
  })

  it('classifies AWS SDK failures: throttling and 5xx are transient, other statuses refusals', () => {
    const sdk = (name: string, status?: number) =>
      Object.assign(new Error(name), {
        name,
        $metadata: status === undefined ? {} : { httpStatusCode: status },
      })
    for (const err of [
      sdk('ProvisionedThroughputExceededException', 400),
      sdk('ThrottlingException', 400),
      sdk('SlowDown', 503),
      sdk('InternalError', 500),
      sdk('TimeoutError'),
    ])
      assert.ok(
        awsFailure('claims', 'put', err) instanceof TransientError,
        err.name
      )
    for (const err of [sdk('AccessDenied', 403), sdk('NoSuchBucket', 404)])
      assert.ok(
        awsFailure('claims', 'put', err) instanceof ServiceRejected,
        err.name
      )
  })

  it('classifies ucanto receipts: ServiceUnavailable and handler trouble are transient', () => {
    const refused = receiptFailure('index', 'space/blob/add', {
      name: 'ServiceUnavailable',
      message: 'writes are disabled',
    })
    assert.ok(refused instanceof ServiceUnavailable)
    assert.ok(!isPermanent(refused))
    assert.ok(
      receiptFailure('index', 'assert/index', {
        name: 'HandlerExecutionError',
        message: 'fetch failed',
      }) instanceof TransientError
    )
    const unauthorized = receiptFailure('claims', 'claim/cache', {
      name: 'Unauthorized',
      message: 'no proof',
    })
    assert.ok(unauthorized instanceof ServiceRejected)
    assert.equal(unauthorized.serviceError, 'Unauthorized')
  })

  it('takes reason codes from the failure, then its step, never its text', () => {
    assert.equal(reasonOf(new ShardNotFound('claims', 'x')), 'SHARD_NOT_FOUND')
    assert.equal(
      reasonOf(new NoShardsNoIndex('check', 'x')),
      'NO_SHARDS_NO_INDEX'
    )
    assert.equal(
      reasonOf(new PermanentError('claims', 'the index shard is missing')),
      'LOCATION_CLAIM_FAILED'
    )
    assert.equal(reasonOf(new Error('index')), 'UNKNOWN_ERROR')
  })

  it('gives a persisting 5xx the reason its caller names, and other transient failures their step’s', () => {
    const query = (status: number) =>
      httpStatusFailure(
        'check',
        'GET /claims',
        status,
        null,
        'INDEXING_SERVICE_500'
      )
    assert.equal(reasonOf(query(500)), 'INDEXING_SERVICE_500')
    assert.equal(reasonOf(query(503)), 'INDEXING_SERVICE_500')
    assert.equal(reasonOf(query(429)), 'ANALYSIS_FAILED')
    assert.equal(
      reasonOf(httpStatusFailure('claims', 'POST /', 502)),
      'LOCATION_CLAIM_FAILED'
    )
  })

  it('has one class for bad input that every command exits 2 on', () => {
    for (const err of [
      new ConfigError(['Missing env var: X']),
      new BadFlag('--port'),
      new RateLimitError('--rate-limit'),
    ])
      assert.ok(err instanceof BadInput, err.name)
  })
})
