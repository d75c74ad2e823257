import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { promisify } from 'node:util'
import { findTemporalCli } from '../../src/stack/tools.js'
import { fairnessKeyOf } from '../../src/workflows/fairness.js'
import { spawnTs, watch } from '../helpers/processes.js'
import { testStack } from '../helpers/stack.js'

const stack = await testStack()
const env = { ...process.env, ...stack, ENV_FILE: '/nonexistent/.env' }
const taskQueue = `tune-${randomUUID()}`
const ALICE = 'did:mailto:example.com:alice'
const LONG = `did:mailto:${'x'.repeat(70)}.example:bob`

async function cli(...args: string[]) {
  const child = watch(spawnTs('src/client/main.ts', args, env))
  const code = await child.exit
  return { code, output: child.output() }
}

const tune = async (...args: string[]) => {
  const run = await cli('control', 'tune', '--task-queue', taskQueue, ...args)
  assert.equal(run.code, 0, run.output)
  return JSON.parse(run.output) as Record<string, unknown>
}

/** The same settings read by Temporal's own CLI, independently of our client. */
async function temporalCliConfig() {
  const bin = await findTemporalCli()
  assert.ok(bin, 'the temporal CLI is installed')
  const { stdout } = await promisify(execFile)(bin, [
    'task-queue',
    'config',
    'get',
    '--address',
    stack.TEMPORAL_ADDRESS!,
    '--namespace',
    stack.TEMPORAL_NAMESPACE!,
    '--task-queue',
    taskQueue,
    '--task-queue-type',
    'activity',
    '-o',
    'json',
  ])
  return JSON.parse(stdout) as {
    queueRateLimit?: {
      rateLimit?: { requestsPerSecond?: number }
      metadata?: { reason?: string }
    }
    fairnessKeysRateLimitDefault?: {
      rateLimit?: { requestsPerSecond?: number }
    }
    fairnessWeightOverrides?: Record<string, number>
  }
}

describe('control tune: the Temporal server’s task-queue limits', () => {
  it('sets the queue rate, the per-key rate and weights by customer, and reads them back', async () => {
    const set = await tune(
      '--queue-rps-limit',
      '7.5',
      '--queue-rps-limit-reason',
      'indexer quota',
      '--fairness-key-rps-limit-default',
      '2',
      '--fairness-key-weight',
      `${ALICE}=3`,
      '--fairness-key-weight',
      `${LONG}=0.5`
    )
    assert.equal(set.taskQueue, taskQueue)
    assert.equal(set.type, 'activity')
    const queue = set.queueRpsLimit as Record<string, unknown>
    assert.equal(queue.rps, 7.5)
    assert.equal(queue.reason, 'indexer quota')
    assert.equal(typeof queue.updatedBy, 'string')
    assert.ok(!Number.isNaN(Date.parse(queue.updatedAt as string)))
    assert.equal((set.fairnessKeyRpsLimitDefault as { rps: number }).rps, 2)
    assert.deepEqual(set.fairnessWeightOverrides, {
      [ALICE]: 3,
      [fairnessKeyOf(LONG)]: 0.5,
    })
    assert.equal(set.effectiveRps, 7.5)
    assert.equal(set.effectiveSource, 'api')

    const shown = await tune('--show')
    assert.deepEqual(shown, set)
    const theirs = await temporalCliConfig()
    assert.equal(theirs.queueRateLimit?.rateLimit?.requestsPerSecond, 7.5)
    assert.equal(theirs.queueRateLimit?.metadata?.reason, 'indexer quota')
    assert.equal(
      theirs.fairnessKeysRateLimitDefault?.rateLimit?.requestsPerSecond,
      2
    )
    assert.equal(theirs.fairnessWeightOverrides?.[ALICE], 3)
  })

  it('unsets with default, leaving what it does not name', async () => {
    const unset = await tune(
      '--queue-rps-limit',
      'default',
      '--fairness-key-weight',
      `${ALICE}=default`
    )
    assert.equal(unset.queueRpsLimit, undefined)
    assert.equal((unset.fairnessKeyRpsLimitDefault as { rps: number }).rps, 2)
    assert.deepEqual(unset.fairnessWeightOverrides, {
      [fairnessKeyOf(LONG)]: 0.5,
    })
    assert.notEqual(unset.effectiveSource, 'api')
    const theirs = await temporalCliConfig()
    assert.equal(theirs.queueRateLimit?.rateLimit, undefined)
  })

  it('refuses a rate that is none, before connecting', async () => {
    const run = await cli('control', 'tune', '--queue-rps-limit', 'fast')
    assert.equal(run.code, 2)
    assert.match(
      run.output,
      /--queue-rps-limit fast: expected requests per second/
    )
  })
})
