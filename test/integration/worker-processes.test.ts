import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { InstanceResult } from '../../src/workflows/types.js'
import { customerWorkflowId, spaceWorkflowId } from '../../src/workflows/ids.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { spawnTs, untilGone, watch } from '../helpers/processes.js'
import { workerProcessEnv } from '../../src/stack/worker-process-env.js'

const world = await migrationWorld({
  seed: 'worker-processes',
  customers: 2,
  spacesPerCustomer: 2,
  uploadsPerSpace: 4,
})

/** A run label of this file's own keeps its workflow IDs apart from other files' on the server. */
const RUN_ENV = 'local-worker-processes'
const WORKER_ENTRY = fileURLToPath(
  new URL('../../src/workers/main.ts', import.meta.url)
)
const POLLING = /worker (\S+) polling .*, process (\d) of 2/g

const hosts: ChildProcess[] = []
process.once('exit', () => {
  for (const host of hosts) host.kill('SIGKILL')
})

/** `worker --processes 2` as a real subprocess, once both of its workers poll. */
async function startHost() {
  const env = workerProcessEnv(world.env)
  const host = spawnTs(
    WORKER_ENTRY,
    [
      '--processes',
      '2',
      // Two pages at once per process, and four spaces at once: both processes must take work.
      '--max-concurrent-activities',
      '2',
      '--shutdown-grace',
      '2',
      '--workflow-bundle',
      world.workflowBundle,
      '--log-level',
      'WARN',
    ],
    env
  )
  hosts.push(host)
  const watched = watch(host)
  await watched.waitFor(
    /process 1 of 2[\s\S]*process 2 of 2|process 2 of 2[\s\S]*process 1 of 2/
  )
  const identities = new Map(
    [...watched.output().matchAll(POLLING)].map((m) => [m[2]!, m[1]!])
  )
  assert.equal(identities.size, 2, watched.output())
  const pids = [...identities.values()].map((id) =>
    Number(id.split(':').at(-1))
  )
  assert.ok(!pids.includes(host.pid!), 'the parent runs no worker itself')
  return { host, watched, identities, pids }
}

/** Every activity start in the run's workflows, by the worker identity that started it. */
async function activityWorkers(workflowIds: readonly string[]) {
  const byWorker = new Map<string, number>()
  for (const workflowId of workflowIds) {
    const history = await world.temporal.client.workflow
      .getHandle(workflowId)
      .fetchHistory()
    for (const event of history.events ?? []) {
      const identity = event.activityTaskStartedEventAttributes?.identity
      if (identity) byWorker.set(identity, (byWorker.get(identity) ?? 0) + 1)
    }
  }
  return byWorker
}

describe('worker --processes 2', () => {
  it('runs two worker processes that share the migration, and SIGTERM stops them all', async (t) => {
    const { host, watched, identities, pids } = await startHost()
    // A failed assertion must not leave the host polling (the file would hang until its timeout).
    t.after(() => host.kill('SIGKILL'))

    world.sandbox.indexer.faults.set({ latencyMs: 50 })
    t.after(() => world.sandbox.indexer.faults.clear())
    const handle = await world.startInstance('procs', {
      env: RUN_ENV,
      // A workflow per space, so that the many page activities are what both processes share.
      tuning: {
        pageSize: 2,
        spaceConcurrency: 2,
        customerConcurrency: 2,
        smallSpaceUploads: 0,
      },
    })
    const result: InstanceResult = await handle.result()
    assert.equal(result.processed, world.uploads.length)

    const run = { env: RUN_ENV, mode: 'full' as const }
    const spaces = new Set(world.uploads.map((u) => u.space))
    const byWorker = await activityWorkers([
      handle.workflowId,
      ...world.customers.map((c) => customerWorkflowId(run, c)),
      ...[...spaces].map((s) => spaceWorkflowId(run, s)),
    ])
    t.diagnostic(
      `activities by worker: ${[...byWorker].map(([w, n]) => `${w} ${n}`).join(', ')}`
    )
    for (const identity of identities.values())
      assert.ok(
        (byWorker.get(identity) ?? 0) > 0,
        `${identity} took work: ${[...byWorker.keys()].join(', ')}`
      )

    host.kill('SIGTERM')
    assert.equal(await watched.exit, 0, watched.output())
    assert.deepEqual(await untilGone(pids, 10_000), [], 'no worker left')
  })

  it('stops its workers when the parent itself is killed', async () => {
    const { host, watched, pids } = await startHost()
    host.kill('SIGKILL')
    await watched.exit
    assert.deepEqual(await untilGone(pids, 15_000), [], 'no orphaned worker')
  })
})
