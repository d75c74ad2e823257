import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { EventEmitter, once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { describe, it } from 'node:test'
import yargs from 'yargs'
import { WORKFLOW_BUNDLE } from '../../scripts/build/layout.js'
import {
  CHILD_PROCESS_ENV,
  checkProcesses,
  processSlot,
  ProcessesError,
  shareOf,
} from '../../src/workers/process-share.js'
import { RateLimiter } from '../../src/workers/rate-limiter.js'
import {
  deathsInRow,
  restartDelayMs,
  type RestartPolicy,
} from '../../src/workers/restart-policy.js'
import { parseRateLimits } from '../../src/workers/service-rate-limits.js'
import { superviseWorkers } from '../../src/workers/supervisor.js'
import { workerFlags } from '../../src/workers/worker-flags.js'

const flags = (args: string[]) =>
  workerFlags(yargs())
    .strict()
    .fail((message) => {
      throw new Error(message)
    })
    .parse(args)

describe('worker --processes', () => {
  it('defaults to one process per core and takes a whole number', async () => {
    assert.equal((await flags([])).processes, availableParallelism())
    assert.equal((await flags(['--processes', '3'])).processes, 3)
    assert.equal(checkProcesses(1), 1)
    assert.throws(() => checkProcesses(0), ProcessesError)
    assert.throws(() => checkProcesses(1.5), ProcessesError)
    assert.throws(() => checkProcesses(Number.NaN), ProcessesError)
  })

  it('tells a child its slot, and a process no parent started that it has none', () => {
    assert.equal(processSlot({}), undefined)
    assert.deepEqual(processSlot({ MIGRATION_WORKER_PROCESS: '2/4' }), {
      index: 2,
      count: 4,
    })
    for (const bad of ['0/2', '3/2', '2', 'a/b'])
      assert.throws(
        () => processSlot({ MIGRATION_WORKER_PROCESS: bad }),
        ProcessesError,
        bad
      )
  })

  it('divides the host’s rates among its processes, so together they keep them', () => {
    const host = {
      rateLimits: parseRateLimits(['indexer=40', 'carpark=3']),
      maxActivitiesPerSecond: 10,
      metricsPort: 9464,
    }
    const shares = [1, 2, 3, 4].map((index) =>
      shareOf(host, { index, count: 4 })
    )
    for (const service of ['indexer', 'carpark'] as const)
      assert.equal(
        shares.reduce((sum, s) => sum + s.rateLimits.get(service)!, 0),
        host.rateLimits.get(service)
      )
    assert.equal(shares[0]!.rateLimits.get('indexer'), 10)
    assert.equal(shares[0]!.rateLimits.get('carpark'), 0.75)
    assert.equal(shares[0]!.maxActivitiesPerSecond, 2.5)
    assert.deepEqual(
      shares.map((s) => s.metricsPort),
      [9464, 9465, 9466, 9467]
    )
    const one = shareOf(host, { index: 1, count: 1 })
    assert.deepEqual(one, host)
    assert.deepEqual(
      shareOf({ rateLimits: new Map() }, { index: 2, count: 2 }),
      {
        rateLimits: new Map(),
        maxActivitiesPerSecond: undefined,
        metricsPort: undefined,
      }
    )
  })

  it('lets a share under one request per second through, one at a time', async () => {
    let clock = 0
    const limiter = new RateLimiter(0.5, () => clock)
    await limiter.take()
    let second = false
    const waiting = limiter.take().then(() => (second = true))
    await new Promise((r) => setImmediate(r))
    assert.equal(second, false)
    clock = 2_000
    await waiting
    assert.equal(second, true)
  })

  it('backs off restarts and counts only deaths soon after a start', () => {
    const policy: RestartPolicy = {
      baseDelayMs: 1_000,
      maxDelayMs: 5_000,
      healthyAfterMs: 60_000,
      maxRestarts: 5,
    }
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => restartDelayMs(policy, n)),
      [1_000, 2_000, 4_000, 5_000]
    )
    assert.equal(deathsInRow(policy, 3, 1_000), 4)
    assert.equal(deathsInRow(policy, 3, 60_000), 1)
  })
})

describe('the systemd template', () => {
  it('starts the compiled worker with flags it takes, as process %i of N', async () => {
    const unit = readFileSync(
      new URL(
        '../../deploy/systemd/storacha-migration-worker@.service',
        import.meta.url
      ),
      'utf8'
    )
    const exec = /^ExecStart=(.*)$/m.exec(unit)?.[1]?.split(' ') ?? []
    assert.equal(exec[0], '/usr/bin/env')
    assert.equal(exec[1], `${CHILD_PROCESS_ENV}=%i/\${WORKER_PROCESSES}`)
    // The compiled worker, plain node: dist/X.js is what `npm run build` makes of src/X.ts.
    assert.ok(!exec.includes('--import'), exec.join(' '))
    const entry = exec.indexOf('dist/workers/main.js')
    assert.ok(entry > 0, exec.join(' '))
    assert.equal(exec[entry - 1], '/usr/bin/node')
    const source = exec[entry]!.replace(/^dist\//, 'src/').replace(
      /\.js$/,
      '.ts'
    )
    assert.ok(existsSync(source), source)
    const bundle = exec[exec.indexOf('--workflow-bundle') + 1]
    assert.equal(bundle, `dist/${WORKFLOW_BUNDLE}`)
    assert.equal(exec.at(-1), '$WORKER_FLAGS')
    const args = await flags(exec.slice(entry + 1, -1))
    assert.equal(args.processes, 1)
    assert.ok(
      args.shutdownGrace < Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)?.[1])
    )
  })
})

/** A real child process running `code`, with an IPC channel to say it is ready. */
const child = (code: string): ChildProcess =>
  spawn(process.execPath, ['-e', code], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
const READY = "process.send('ready');"
const DRAINS = `process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000); ${READY}`
const STUBBORN = `process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); ${READY}`

const FAST: RestartPolicy = {
  baseDelayMs: 10,
  maxDelayMs: 40,
  healthyAfterMs: 60_000,
  maxRestarts: 3,
}

/** A supervisor over `code` children, with every start, readiness and log line recorded. */
function supervise(processes: number, code: (start: number) => string) {
  const starts: ChildProcess[] = []
  const events = new EventEmitter()
  const ready: Promise<unknown>[] = []
  const logs: { level: string; message: string; meta?: object }[] = []
  const record =
    (level: string) => (message: string, meta?: Record<string, unknown>) =>
      logs.push({ level, message, meta })
  const exit = superviseWorkers({
    processes,
    start: () => {
      const c = child(code(starts.length))
      starts.push(c)
      ready.push(once(c, 'message'))
      events.emit('start')
      return c
    },
    stopTimeoutMs: 10_000,
    log: { info: record('info'), warn: record('warn'), error: record('error') },
    policy: FAST,
  })
  return { starts, events, ready, logs, exit }
}

describe('the parent of worker processes', () => {
  it('passes SIGTERM on to every child and exits 0 once they have drained', async () => {
    const host = supervise(2, () => DRAINS)
    await Promise.all(host.ready)
    process.emit('SIGTERM')
    assert.equal(await host.exit, 0)
    assert.equal(host.starts.length, 2)
    for (const c of host.starts) assert.equal(c.exitCode, 0)
  })

  it('restarts a child that dies, with its slot, and logs it', async () => {
    // The first start dies at once; its replacement and the other child stay up.
    const host = supervise(2, (n) => (n === 0 ? 'process.exit(3)' : DRAINS))
    while (host.starts.length < 3) await once(host.events, 'start')
    await Promise.all(host.ready.slice(1))
    const warning = host.logs.find((l) => l.level === 'warn')
    assert.deepEqual(
      { ...warning, meta: { ...warning?.meta, pid: undefined } },
      {
        level: 'warn',
        message: 'worker process died; restarting it',
        meta: {
          process: 1,
          pid: undefined,
          code: 3,
          signal: null,
          restartInMs: 10,
          deathsInRow: 1,
        },
      }
    )
    process.emit('SIGINT')
    assert.equal(await host.exit, 0)
  })

  it('gives up with status 1 when a child keeps dying, and stops the others', async () => {
    const host = supervise(2, (n) => (n === 1 ? DRAINS : 'process.exit(1)'))
    assert.equal(await host.exit, 1)
    // The first child started, then was restarted maxRestarts times; the other drained.
    assert.equal(host.starts.length, 2 + FAST.maxRestarts)
    assert.equal(host.starts[1]!.exitCode, 0)
    assert.deepEqual(
      host.logs.filter((l) => l.level !== 'info').map((l) => l.level),
      ['warn', 'warn', 'warn', 'error']
    )
  })

  it('kills children that are still draining on a second signal', async () => {
    const host = supervise(1, () => STUBBORN)
    await Promise.all(host.ready)
    process.emit('SIGTERM')
    process.emit('SIGTERM')
    assert.equal(await host.exit, 1)
    assert.equal(host.starts[0]!.signalCode, 'SIGKILL')
  })
})
