import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { loadConfig } from '../../src/config/load.js'
import { AWS_SERVICES } from '../../src/sandbox/aws-faults/aws-error-answers.js'
import { AWS_HTTP_FAULTS } from '../../src/sandbox/aws-faults/aws-fault-proxy.js'
import { startFaultedAws } from '../../src/sandbox/aws-faults/faulted-aws.js'
import { startInProcessWorker } from '../../src/sandbox/world/in-process-worker.js'
import { ensureToxiproxy } from '../../src/stack/toxiproxy.js'
import { DEFAULT_WORKER_TUNING } from '../../src/workers/migration-worker.js'
import type { InstanceResult } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

const world = await migrationWorld({
  seed: 'aws-faults',
  customers: 2,
  spacesPerCustomer: 2,
  uploadsPerSpace: 6,
})
const aws = await startFaultedAws({
  toxiproxyBinary: await ensureToxiproxy({ install: true }),
  upstreams: {
    dynamodb: world.env.DYNAMODB_ENDPOINT!,
    s3: world.env.S3_ENDPOINT!,
    sqs: world.env.SQS_ENDPOINT!,
  },
})
after(() => aws.stop())

const EXPECTED_FAILURES: Record<string, string> = {
  'no-shards-no-index': 'NO_SHARDS_NO_INDEX',
  'missing-size': 'SHARD_SIZE_UNKNOWN',
  'missing-blob': 'SHARD_NOT_FOUND',
}

/**
 * Longer than any of the SDK's request timeouts and retries take, and shorter than the Temporal
 * timeouts that would otherwise rescue a stuck call (the heartbeat timeout is raised to match),
 * so that only the AWS clients' own timeouts can get the migration through the held connections.
 */
const DEADLINE_MS = 150_000

describe('AWS faults: throttling, 5xx, resets, latency and held connections', () => {
  it(
    'migrates every upload through the fault proxies, nothing twice',
    {
      timeout: DEADLINE_MS + 60_000,
    },
    async (t) => {
      for (const service of AWS_SERVICES) {
        aws.http[service].set({ throttleRate: 0.08, errorRate: 0.08 })
        for (const fault of AWS_HTTP_FAULTS) aws.http[service].next(fault)
      }
      // A third of DynamoDB's connections pass nothing and are never closed by the proxy: without
      // a request timeout that throws, a call on one waits for ever.
      const held = await aws.toxic('dynamodb', {
        name: 'held',
        type: 'timeout',
        stream: 'downstream',
        toxicity: 0.35,
        attributes: { timeout: 0 },
      })
      const latency = await aws.toxic('s3', {
        name: 'latency',
        type: 'latency',
        stream: 'downstream',
        attributes: { latency: 30, jitter: 20 },
      })
      const config = loadConfig({ ...world.env, ...aws.env }, [
        'dynamo',
        'services',
        'publishing',
        'signing',
        'temporal',
      ])
      const worker = await startInProcessWorker(config, {
        ...DEFAULT_WORKER_TUNING,
        workflowBundle: world.workflowBundle,
        timeoutMs: 5_000,
        shutdownGraceSeconds: 0,
      })
      const resets = pulses(async () => {
        const before = aws.http.sqs.requests
        const reset = await aws.toxic('sqs', {
          name: 'reset',
          type: 'reset_peer',
          stream: 'downstream',
          attributes: { timeout: 0 },
        })
        // On until an answer has met it, or 2 s: SQS gets a few requests a page only.
        for (let i = 0; i < 20 && aws.http.sqs.requests === before; i++)
          await sleep(100)
        await reset.off()
      })
      try {
        const handle = await world.startInstance('aws-faults', {
          tuning: {
            heartbeatSeconds: 300,
            pageSize: 4,
            smallSpaceUploads: 0,
          },
        })
        const result = (await Promise.race([
          handle.result(),
          worker.running.then(() => {
            throw new Error('the worker stopped')
          }),
          sleep(DEADLINE_MS).then(() => {
            throw new Error(
              `the migration did not finish within ${DEADLINE_MS / 1000} s through the faults`
            )
          }),
        ])) as InstanceResult
        assert.equal(result.processed, world.uploads.length)
        const expected = world.uploads.filter((u) => EXPECTED_FAILURES[u.quirk])
        assert.equal(result.failed, expected.length, JSON.stringify(result))
        assert.equal(
          result.migrated + result.alreadyMigrated,
          world.uploads.length - expected.length
        )
        const rows = await world.failureRows()
        assert.deepEqual(
          rows.map((r) => r.reason).sort(),
          expected.map((u) => EXPECTED_FAILURES[u.quirk]).sort()
        )
        assertNoDuplicateSideEffects(world.sandbox)
        assert.ok(world.sandbox.ledger.find('index-registered').length > 0)
      } finally {
        resets.stop()
        await resets.done
        await held.off()
        await latency.off()
        // Taking the held toxic off closes its connections, so that even calls stuck on them
        // (no client timeout) end and the worker can stop.
        await aws.clear()
        await worker.stop()
      }
      for (const service of AWS_SERVICES)
        for (const fault of ['throttle', '5xx'] as const)
          assert.ok(
            aws.http[service].injected[fault] > 0,
            `${service} got no ${fault}`
          )
      const toxics = aws.toxicCounts()
      t.diagnostic(
        `injected: ${AWS_SERVICES.map((s) => `${s} ${JSON.stringify(aws.http[s].injected)}`).join(', ')}; toxics ${JSON.stringify(toxics)}`
      )
      assert.ok(toxics.sqs.reset!.requests > 0, 'no SQS answer was reset')
      assert.ok(toxics.s3.latency!.requests > 0, 'no S3 answer was delayed')
    }
  )
})

/** Runs `pulse` again and again, a second apart, until stopped. */
function pulses(pulse: () => Promise<void>) {
  let stopped = false
  const done = (async () => {
    while (!stopped) {
      await pulse()
      await sleep(1_000)
    }
  })()
  return { stop: () => void (stopped = true), done }
}
