import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { PAGE_EVENTS } from '../../src/activities/page-log.js'
import { secretValues } from '../../src/config/secret-values.js'
import { REDACTED } from '../../src/workers/log.js'
import { workerProcessEnv } from '../../src/stack/worker-process-env.js'
import type { InstanceResult } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { spawnTs, watch } from '../helpers/processes.js'

const world = await migrationWorld({
  seed: 'page-logs',
  customers: 2,
  spacesPerCustomer: 2,
  uploadsPerSpace: 7,
})

/** A run label of this file's own keeps its workflow IDs apart from other files' on the server. */
const RUN_ENV = 'local-page-logs'
const WORKER_ENTRY = fileURLToPath(
  new URL('../../src/workers/main.ts', import.meta.url)
)

const children: ChildProcess[] = []
process.once('exit', () => {
  for (const child of children)
    if (child.exitCode === null) child.kill('SIGKILL')
})

type Line = Record<string, unknown>

/** A real worker process at `level`, with its stdout kept apart from everything else it prints. */
async function startWorker(level: string) {
  const child = spawnTs(
    WORKER_ENTRY,
    [
      '--processes',
      '1',
      '--shutdown-grace',
      '2',
      '--workflow-bundle',
      world.workflowBundle,
      '--log-level',
      level,
    ],
    workerProcessEnv(world.env)
  )
  children.push(child)
  let stdout = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  const watched = watch(child)
  await watched.waitFor(/worker \S+ polling /)
  const lines = () =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Line)
  return { child, lines, ...watched }
}

const sum = (lines: Line[], field: string) =>
  lines.reduce((n, l) => n + Number(l[field] ?? 0), 0)
/** A page attempt: activity IDs are unique within a workflow run only. */
const attemptOf = (l: Line) =>
  [l.workflowId, l.runId, l.activityId, l.attempt].map(String).join(' ')

describe('the worker’s page log', () => {
  it('writes a start and an end line per page to stdout, counts as the tables hold them, failures with their reason, and no secret', async () => {
    const worker = await startWorker('DEBUG')
    const handle = await world.startInstance('page-logs', {
      env: RUN_ENV,
      // Page activities, one per page attempt (pages of a batch share its activity's IDs).
      tuning: { pageSize: 3, spaceConcurrency: 2, smallSpaceUploads: 0 },
    })
    const result: InstanceResult = await handle.result()
    worker.child.kill('SIGTERM')
    assert.equal(await worker.exit, 0, worker.output())
    assert.equal(result.processed, world.uploads.length)

    const lines = worker.lines()
    const starts = lines.filter((l) => l.event === PAGE_EVENTS.start)
    const ends = lines.filter((l) => l.event === PAGE_EVENTS.end)
    assert.ok(starts.length > 0, worker.output())
    assert.deepEqual(
      ends.map(attemptOf).sort(),
      starts.map(attemptOf).sort(),
      'one end line for each page attempt that started'
    )
    assert.equal(new Set(starts.map(attemptOf)).size, starts.length)
    const spaces = new Set(world.uploads.map((u) => u.space))
    for (const space of spaces) {
      const pages = Math.ceil(
        world.uploads.filter((u) => u.space === space).length / 3
      )
      const ofSpace = ends.filter(
        (l) => l.space === space && l.outcome === 'done'
      )
      assert.equal(ofSpace.length, pages, `${space}: a done line per page`)
    }
    for (const line of [...starts, ...ends]) {
      assert.equal(line.activityType, 'migrateUploadPage')
      assert.match(String(line.workflowId), /\/space\//)
      assert.ok(line.customer && line.space && line.instanceId === 'page-logs')
    }

    const done = ends.filter((l) => l.outcome === 'done')
    assert.equal(sum(done, 'processed'), result.processed)
    assert.equal(sum(done, 'migrated'), result.migrated)
    assert.equal(sum(done, 'alreadyMigrated'), result.alreadyMigrated)
    assert.equal(sum(done, 'failed'), result.failed)
    let completed = 0
    for (const customer of world.customers) {
      const rows = await world.tables.migrationProgress.rowsOf(customer, [
        ...spaces,
      ])
      for (const row of rows.values()) completed += row.completedUploads
    }
    assert.equal(sum(done, 'processed'), completed, 'the progress rows')

    const failures = lines.filter((l) => l.event === PAGE_EVENTS.failure)
    const rows = await world.failureRows()
    assert.ok(rows.length > 0, 'the seeded world has uploads that fail')
    assert.deepEqual(
      failures.map((l) => `${String(l.root)} ${String(l.reason)}`).sort(),
      rows.map((r) => `${r.root} ${r.reason}`).sort()
    )
    assert.equal(sum(done, 'failed'), rows.length)
    assert.ok(
      lines.some((l) => l.event === PAGE_EVENTS.upload),
      'per-upload lines at DEBUG'
    )

    const signing = [
      'UPLOAD_SERVICE_PRIVATE_KEY',
      'GATEWAY_PRIVATE_KEY',
      'MIGRATION_AGENT_PRIVATE_KEY',
      'INDEXING_SERVICE_PROOF',
      'MIGRATION_ENCRYPTION_KEY',
    ].map((name) => world.env[name] ?? '')
    const secrets = secretValues(world.env).filter((s) => s.length >= 12)
    for (const value of signing)
      assert.ok(value.length >= 12 && secrets.includes(value))
    const output = worker.output()
    for (const secret of secrets)
      assert.ok(
        !output.includes(secret),
        `a secret (${secret.length} characters) in the worker's output`
      )
    assert.ok(
      !output.includes(REDACTED),
      'nothing even tried to log a secret (the scrub and the redact paths had nothing to do)'
    )
  })
})
