import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { METRICS } from '../../src/metrics/catalog.js'
import { freePort } from '../../src/stack/free-port.js'
import { workerProcessEnv } from '../../src/stack/worker-process-env.js'
import { progressQuery } from '../../src/workflows/signals.js'
import type { Progress } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { parsePrometheus, total } from '../helpers/prometheus-text.js'
import { spawnTs, watch } from '../helpers/processes.js'

const world = await migrationWorld({
  seed: 'worker-metrics-refusal',
  customers: 1,
  spacesPerCustomer: 1,
  uploadsPerSpace: 4,
})

const WORKER_ENTRY = fileURLToPath(
  new URL('../../src/workers/main.ts', import.meta.url)
)

/** Polls until `check` holds, for at most `seconds`. */
async function until<T>(
  seconds: number,
  read: () => Promise<T>,
  check: (value: T) => boolean
): Promise<T> {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    const value = await read()
    if (check(value)) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await sleep(250)
  }
}

describe('a worker’s /metrics while the upload service refuses writes', () => {
  it('counts the refusals (the kill switch MigrationWritesRefused alerts on) and no failure', async () => {
    const port = await freePort()
    const child = spawnTs(
      WORKER_ENTRY,
      ['--processes', '1', '--metrics-port', String(port)],
      workerProcessEnv(world.env)
    )
    const watched = watch(child)
    after(async () => {
      if (child.exitCode === null && !child.signalCode) child.kill('SIGKILL')
      await watched.exit
    })
    await watched.waitFor(/worker \S+ polling /)
    world.sandbox.uploadService.writes.disabled = true
    const handle = await world.startInstance('refusal', {
      env: 'local-worker-metrics-refusal',
    })
    after(() => handle.terminate('the test is over').catch(() => {}))
    const refusals = (samples: ReturnType<typeof parsePrometheus>) =>
      total(samples, METRICS.refusals.name, { service: 'upload-service' })
    const scrape = async () =>
      parsePrometheus(
        await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
      )
    const samples = await until(90, scrape, (s) => refusals(s) > 0)
    const refused = world.sandbox.uploadService.writes.refused
    assert.ok(
      refusals(samples) <= refused,
      `${refusals(samples)} refusals counted, the service refused ${refused} invocations`
    )
    assert.equal(
      total(samples, METRICS.uploads.name, { outcome: 'failed' }),
      0,
      'a refusal is never the upload’s failure'
    )
    assert.equal(
      total(samples, METRICS.breakerOpen.name, { service: 'upload-service' }),
      0,
      'the service says why itself: its breaker stays closed'
    )
    const progress = await until(
      90,
      () => handle.query<Progress>(progressQuery),
      (p) => p.pausedBecause !== undefined
    )
    assert.match(progress.pausedBecause ?? '', /ServiceUnavailable|disabled/)
  })
})
