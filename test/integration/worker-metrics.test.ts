import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { CID } from 'multiformats/cid'
import { base58btc } from 'multiformats/bases/base58'
import { METRICS } from '../../src/metrics/catalog.js'
import type { SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import { freePort } from '../../src/stack/free-port.js'
import { workerProcessEnv } from '../../src/stack/worker-process-env.js'
import type { InstanceResult, Tuning } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { parsePrometheus, select, total } from '../helpers/prometheus-text.js'
import { spawnTs, watch } from '../helpers/processes.js'

const world = await migrationWorld({
  seed: 'worker-metrics',
  customers: 2,
  spacesPerCustomer: 2,
  uploadsPerSpace: 5,
})

/** A run label of this file's own keeps its workflow IDs apart from other files' on the server. */
const RUN_ENV = 'local-worker-metrics'
const TUNING: Partial<Tuning> = { pageSize: 3, heartbeatSeconds: 3 }
const WORKER_ENTRY = fileURLToPath(
  new URL('../../src/workers/main.ts', import.meta.url)
)

/** A worker process of the real command, serving `/metrics` on a port of its own. */
async function startWorker() {
  const port = await freePort()
  const child: ChildProcess = spawnTs(
    WORKER_ENTRY,
    [
      ['--processes', '1'],
      ['--metrics-port', String(port)],
      // A limit far above what the test sends, so that every indexer request takes a token.
      ['--rate-limit', 'indexer=10000'],
      ['--shutdown-grace', '1'],
    ].flat(),
    workerProcessEnv(world.env)
  )
  after(async () => {
    if (child.exitCode !== null || child.signalCode) return
    child.kill('SIGKILL')
    await watched.exit
  })
  const watched = watch(child)
  await watched.waitFor(/worker \S+ polling .* metrics on :\d+\/metrics/)
  return { metricsUrl: `http://127.0.0.1:${port}/metrics`, ...watched }
}

/** The uploads with a side effect in the sandbox's ledger: an index, or a claim of a shard. */
function uploadsWithSideEffects(uploads: readonly SeededUpload[]) {
  const { ledger } = world.sandbox
  const indexed = new Set(ledger.find('index-registered').map((e) => e.root))
  const claimed = new Set(
    ledger.find('claim-cached').map((e) => `${e.space} ${e.content}`)
  )
  const digest = (shard: string) =>
    base58btc.encode(CID.parse(shard).multihash.bytes)
  return uploads.filter(
    (u) =>
      indexed.has(u.root) ||
      u.shards.some((shard) => claimed.has(`${u.space} ${digest(shard)}`))
  )
}

async function progressProcessed() {
  let processed = 0
  for await (const rows of world.tables.migrationProgress.scanAll())
    for (const row of rows) processed += row.completedUploads
  return processed
}

describe('a worker’s /metrics after a migration', () => {
  it('counts what the workflows, the progress rows and the ledger say, per service', async () => {
    const worker = await startWorker()
    const handle = await world.startInstance('metrics', {
      env: RUN_ENV,
      tuning: TUNING,
    })
    const result: InstanceResult = await handle.result()
    const text = await (await fetch(worker.metricsUrl)).text()
    const samples = parsePrometheus(text)
    const uploads = (outcome: string) =>
      total(samples, METRICS.uploads.name, { outcome })

    assert.ok(result.migrated > 0, JSON.stringify(result))
    assert.ok(result.failed > 0, 'the seeder’s broken uploads fail')
    assert.equal(uploads('migrated'), result.migrated)
    assert.equal(uploads('already_migrated'), result.alreadyMigrated)
    assert.equal(uploads('failed'), result.failed)
    assert.equal(
      uploads('migrated') + uploads('already_migrated') + uploads('failed'),
      await progressProcessed(),
      'every upload the progress rows count'
    )
    assert.equal(
      uploads('migrated'),
      uploadsWithSideEffects(world.uploads).length,
      'every upload with a side effect in the ledger, and no other'
    )

    const rows = await world.failureRows()
    const byReason = new Map<string, number>()
    for (const row of rows)
      byReason.set(row.reason, (byReason.get(row.reason) ?? 0) + 1)
    const failures = select(samples, METRICS.uploadFailures.name)
    assert.deepEqual(
      new Map(failures.map((s) => [s.labels.reason!, s.value])),
      byReason
    )

    for (const service of [
      'indexer',
      'index-worker',
      'upload-service',
      'gateway',
      'carpark',
      'dynamodb',
      's3',
      'sqs',
    ]) {
      assert.ok(
        total(samples, METRICS.requests.name, { service, outcome: 'ok' }) > 0,
        `${service} answered requests`
      )
      assert.ok(
        total(samples, `${METRICS.requestDuration.name}_count`, { service }) >
          0,
        `${service}'s latency`
      )
    }
    const buckets = select(samples, `${METRICS.requestDuration.name}_bucket`, {
      service: 'indexer',
    }).map((s) => s.labels.le)
    assert.deepEqual(buckets, [
      ...METRICS.requestDuration.buckets.map(String),
      '+Inf',
    ])
    assert.equal(
      total(samples, `${METRICS.rateLimitWait.name}_count`, {
        service: 'indexer',
      }),
      total(samples, METRICS.requests.name, { service: 'indexer' }),
      'each indexer request took a token'
    )
    for (const service of ['indexer', 'upload-service', 'gateway', 'carpark'])
      assert.deepEqual(
        select(samples, METRICS.breakerOpen.name, { service }).map(
          (s) => s.value
        ),
        [0]
      )
    assert.equal(total(samples, METRICS.pagesInFlight.name), 0)
    // Pages run in page activities, or inside a batch of small spaces (the default shape here).
    assert.ok(
      total(samples, METRICS.pages.name, { outcome: 'ok' }) > 0,
      'page activities counted'
    )
    assert.ok(
      samples.some((s) => s.name.startsWith('temporal_')),
      'the SDK’s own metrics on the same endpoint'
    )
  })
})
