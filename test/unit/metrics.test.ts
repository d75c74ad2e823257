import assert from 'node:assert/strict'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, describe, it } from 'node:test'
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { CancelledFailure } from '@temporalio/common'
import type { Activities } from '../../src/activities/index.js'
import type { ReportEntry } from '../../src/activities/outcome-report.js'
import type { ServicesConfig } from '../../src/config/types.js'
import {
  ServiceRejected,
  ServiceUnavailable,
  TransientError,
} from '../../src/failures/index.js'
import { meterAwsClient } from '../../src/metrics/aws-metrics.js'
import { METRICS } from '../../src/metrics/catalog.js'
import { meteredFetch } from '../../src/metrics/metered-fetch.js'
import { createMigrationMetrics } from '../../src/metrics/migration-metrics.js'
import { timeoutFetch } from '../../src/services/http/fetch-with-timeout.js'
import { CircuitBreaker } from '../../src/workers/circuit-breaker.js'
import { meteredPages } from '../../src/workers/metered-pages.js'
import { countedOutcomes } from '../../src/workers/outcome-metrics.js'
import { serviceOfOrigin } from '../../src/workers/service-origins.js'
import { rateLimitedFetch } from '../../src/workers/service-rate-limits.js'
import { Gate } from '../helpers/gate.js'
import { recordingMeter } from '../helpers/recording-meter.js'

const { requests, requestDuration, rateLimitWait, breakerOpen } = METRICS

/** A local server whose answer is the request's path: `/503` answers 503, `/hang` never. */
async function statusServer(
  answer: (req: IncomingMessage) => { status: number; body?: string } | 'hang'
) {
  const server = createServer((req, res) => {
    req.resume()
    const a = answer(req)
    if (a !== 'hang') res.writeHead(a.status).end(a.body ?? '')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  after(() => {
    server.closeAllConnections()
    server.close()
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const byPath = (req: IncomingMessage) =>
  req.url === '/hang' ? 'hang' : { status: Number(req.url!.slice(1)) }

function servicesAt(url: string): ServicesConfig {
  const endpoint = { url, did: 'did:web:example' }
  return {
    indexer: endpoint,
    indexWorkerUrl: 'http://index-worker.invalid',
    contentClaims: { url: 'http://claims.invalid', did: 'did:web:claims' },
    upload: { url: 'http://upload.invalid', did: 'did:web:upload' },
    gateway: { url: 'http://gateway.invalid', did: 'did:web:gateway' },
    piri: { url: 'http://piri.invalid', did: 'did:web:piri' },
    carpark: {
      blobUrl: 'http://carpark.invalid',
      storeUrl: 'http://carpark.invalid',
    },
  }
}

describe('request metrics', () => {
  it('count each HTTP request by its service and outcome, and time it', async () => {
    const url = await statusServer(byPath)
    const rec = recordingMeter()
    const fetch = timeoutFetch(
      200,
      meteredFetch(
        createMigrationMetrics(rec.meter),
        serviceOfOrigin(servicesAt(url))
      )
    )
    for (const path of ['/200', '/204', '/404', '/429', '/503', '/500'])
      await (await fetch(`${url}${path}`)).arrayBuffer()
    await assert.rejects(fetch(`${url}/hang`), /timed out/)
    await assert.rejects(fetch('http://127.0.0.1:1/'))
    const count = (service: string, outcome: string) =>
      rec.counter(requests.name, { service, outcome })
    assert.equal(count('indexer', 'ok'), 2)
    assert.equal(count('indexer', 'client_error'), 1)
    assert.equal(count('indexer', 'throttled'), 1)
    assert.equal(count('indexer', 'server_error'), 2)
    assert.equal(count('indexer', 'timeout'), 1)
    assert.equal(count('other', 'network_error'), 1)
    const times = rec.histogram(requestDuration.name, { service: 'indexer' })
    assert.equal(times.length, 7)
    assert.ok(
      times.every((s) => s >= 0 && s < 5),
      String(times)
    )
    assert.ok(
      Math.max(...times) >= 0.15,
      'the timed-out request took its timeout'
    )
  })

  it('count every attempt of an AWS client, inside its retries, with throttling told apart', async () => {
    const url = await statusServer((req) =>
      req.method === 'HEAD'
        ? { status: 503 }
        : {
            status: 400,
            body: JSON.stringify({
              __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
              message: 'slow down',
            }),
          }
    )
    const rec = recordingMeter()
    const metrics = createMigrationMetrics(rec.meter)
    const credentials = { accessKeyId: 'x', secretAccessKey: 'y' }
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: url,
      forcePathStyle: true,
      credentials,
      maxAttempts: 2,
    })
    const dynamo = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: url,
      credentials,
      maxAttempts: 1,
    })
    meterAwsClient(s3.middlewareStack, 's3', metrics)
    meterAwsClient(dynamo.middlewareStack, 'dynamodb', metrics)
    after(() => (s3.destroy(), dynamo.destroy()))
    await assert.rejects(
      s3.send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' }))
    )
    await assert.rejects(
      dynamo.send(new GetItemCommand({ TableName: 't', Key: {} })),
      { name: 'ThrottlingException' }
    )
    assert.equal(
      rec.counter(requests.name, { service: 's3', outcome: 'server_error' }),
      2
    )
    assert.equal(
      rec.counter(requests.name, { service: 'dynamodb', outcome: 'throttled' }),
      1
    )
    assert.equal(
      rec.histogram(requestDuration.name, { service: 's3' }).length,
      2
    )
  })

  it('record each wait for a rate-limit token, by service', async () => {
    const url = 'http://indexer.example'
    const rec = recordingMeter()
    const fetch = rateLimitedFetch(
      new Map([['indexer', 10]]),
      servicesAt(url),
      () => Promise.resolve(new Response('')),
      createMigrationMetrics(rec.meter)
    )
    await Promise.all(Array.from({ length: 11 }, () => fetch(`${url}/claims`)))
    await fetch('http://gateway.invalid/')
    const waits = rec.histogram(rateLimitWait.name, { service: 'indexer' })
    assert.equal(waits.length, 11, 'the gateway has no limit, so no wait')
    assert.ok(Math.max(...waits) >= 0.05, `the 11th waited: ${waits}`)
  })
})

describe('circuit-breaker metrics', () => {
  it('show the state, count openings and count refusals', async () => {
    const clock = { now: 0 }
    const rec = recordingMeter()
    const breaker = new CircuitBreaker(
      'upload-service',
      {
        windowMs: 60_000,
        minCalls: 2,
        failureRatio: 0.5,
        openMs: 1_000,
        now: () => clock.now,
      },
      createMigrationMetrics(rec.meter)
    )
    const open = () =>
      rec.gauge(breakerOpen.name, { service: 'upload-service' })
    assert.equal(open(), 0)
    const fail = (err: Error) =>
      breaker.run(() => Promise.reject(err)).catch(() => {})
    await fail(new ServiceUnavailable('index', 'writes are disabled'))
    assert.equal(
      rec.counter(METRICS.refusals.name, { service: 'upload-service' }),
      1
    )
    await fail(new ServiceRejected('index', 'no such space'))
    assert.equal(open(), 0, 'a refusal of one request is the service working')
    await fail(new TransientError('index', 'HTTP 503'))
    await fail(new TransientError('index', 'HTTP 503'))
    assert.equal(open(), 1)
    await fail(new TransientError('index', 'fast fail while open'))
    clock.now = 2_000
    await fail(new TransientError('index', 'the probe fails: still open'))
    assert.equal(open(), 1)
    assert.equal(
      rec.counter(METRICS.breakerOpens.name, { service: 'upload-service' }),
      1
    )
    clock.now = 4_000
    await breaker.run(() => Promise.resolve('ok'))
    assert.equal(open(), 0)
  })
})

describe('upload and page metrics', () => {
  it('count each reported upload by the page’s outcome and failures by reason, and still report it', async () => {
    const rec = recordingMeter()
    const written: string[] = []
    const report = countedOutcomes(createMigrationMetrics(rec.meter), {
      write: async (entry) => void written.push(entry.root),
    })
    const entry = (status: ReportEntry['status'], reason?: string) =>
      ({ root: status, status, reason }) as ReportEntry
    for (const e of [
      entry('migrated'),
      entry('migrated'),
      entry('already-migrated'),
      entry('verified'),
      entry('failed', 'SHARD_NOT_FOUND'),
    ])
      await report.write(e)
    const uploads = (outcome: string) =>
      rec.counter(METRICS.uploads.name, { outcome })
    assert.deepEqual(
      [uploads('migrated'), uploads('already_migrated'), uploads('failed')],
      [2, 2, 1]
    )
    assert.equal(
      rec.counter(METRICS.uploadFailures.name, { reason: 'SHARD_NOT_FOUND' }),
      1
    )
    assert.equal(written.length, 5)
  })

  it('show the pages in flight and count how each attempt ended', async () => {
    const rec = recordingMeter()
    const gate = new Gate()
    const outcomes = [
      () => gate.pass().then(() => ({})),
      () => Promise.reject(new TransientError('index', 'parked')),
      () => Promise.reject(new CancelledFailure('cancelled')),
    ]
    let call = 0
    const activities = meteredPages(
      { migrateUploadPage: () => outcomes[call++]!() } as unknown as Activities,
      createMigrationMetrics(rec.meter)
    )
    const activity = 'migrateUploadPage'
    const inFlight = () => rec.gauge(METRICS.pagesInFlight.name, { activity })
    const page = () => activities.migrateUploadPage({} as never)
    const first = page()
    assert.equal(inFlight(), 1)
    await assert.rejects(page())
    await assert.rejects(page())
    assert.equal(inFlight(), 1)
    gate.open()
    await first
    assert.equal(inFlight(), 0)
    for (const outcome of ['ok', 'failed', 'cancelled'])
      assert.equal(rec.counter(METRICS.pages.name, { activity, outcome }), 1)
    assert.equal(
      rec.histogram(METRICS.pageDuration.name, { activity }).length,
      3
    )
  })
})
