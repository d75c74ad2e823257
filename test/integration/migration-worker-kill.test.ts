import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  decodePendingActivityState,
  WorkflowNotFoundError,
} from '@temporalio/client'
import {
  decodeTimeoutType,
  defaultPayloadConverter,
  type Payload,
} from '@temporalio/common'
import type { SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import { customerWorkflowId, spaceWorkflowId } from '../../src/workflows/ids.js'
import type {
  InstanceResult,
  Tuning,
  UploadPageCheckpoint,
} from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'
import {
  killIfAlive,
  startWorkerProcess,
  within,
  type WorkerProcess,
} from '../helpers/worker-process.js'

const world = await migrationWorld({
  seed: 'worker-kill',
  customers: 3,
  spacesPerCustomer: 2,
  uploadsPerSpace: 8,
})

/** A run label of this file's own keeps its workflow IDs apart from other files' on the server. */
const RUN_ENV = 'local-worker-kill'
const TUNING: Partial<Tuning> = {
  pageSize: 5,
  uploadConcurrency: 1,
  spaceConcurrency: 2,
  customerConcurrency: 2,
  heartbeatSeconds: 3,
  // Pages of space workflows, the shape this test watches (a killed batch resumes from its
  // heartbeat as a page does: test/unit/migrate-small-spaces.test.ts).
  smallSpaceUploads: 0,
}
const LATENCY_MS = 150

const EXPECTED_FAILURES: Record<string, string> = {
  'no-shards-no-index': 'NO_SHARDS_NO_INDEX',
  'missing-size': 'SHARD_SIZE_UNKNOWN',
  'missing-blob': 'SHARD_NOT_FOUND',
}
const failsAlone = (u: SeededUpload) => EXPECTED_FAILURES[u.quirk] !== undefined

const startWorker = () => startWorkerProcess(world.env)
type Worker = WorkerProcess

/** Every space of the world, with its customer (empty spaces included). */
async function allSpaces() {
  const spaces = new Map<string, string>()
  for await (const page of world.tables.consumer.scanSegment(0, 1))
    for (const { space, customer } of page) spaces.set(space, customer)
  return spaces
}

interface PendingActivity {
  workflowId: string
  type: string
  state?: string
  /** The worker that started its last attempt. */
  worker?: string
  checkpoint?: UploadPageCheckpoint
}

/**
 * What the run's workflows are doing now: their scheduled or running activities, and whether
 * any of them is between activities (a workflow task to run, a child started but not yet there).
 */
async function snapshot(workflowIds: readonly string[]) {
  const client = world.temporal.client
  const found = new Set<string>()
  const children: string[] = []
  let deciding = false
  const described = await Promise.all(
    workflowIds.map(async (workflowId): Promise<PendingActivity[]> => {
      try {
        const { raw } = await client.workflow.getHandle(workflowId).describe()
        found.add(workflowId)
        if (raw.pendingWorkflowTask) deciding = true
        for (const child of raw.pendingChildren ?? [])
          children.push(child.workflowId ?? '')
        return (raw.pendingActivities ?? []).map((a) => {
          const payload = a.heartbeatDetails?.payloads?.[0]
          return {
            workflowId,
            type: a.activityType?.name ?? '',
            state: decodePendingActivityState(a.state),
            worker: a.lastWorkerIdentity ?? undefined,
            checkpoint: payload
              ? defaultPayloadConverter.fromPayload<UploadPageCheckpoint>(
                  payload as Payload
                )
              : undefined,
          }
        })
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return []
        throw err
      }
    })
  )
  const activities = described.flat()
  const between = deciding || children.some((c) => !found.has(c))
  return { activities, between }
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = await probe()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`no ${what} in ${timeoutMs} ms`)
    await sleep(150)
  }
}

describe('a worker process killed mid-page', () => {
  it('leaves the migration to another worker process: nothing lost, nothing done twice', async (t) => {
    const spaces = await allSpaces()
    const run = { env: RUN_ENV, mode: 'full' as const }
    const spaceIds = [...spaces.keys()].map((s) => spaceWorkflowId(run, s))
    let a: Worker | undefined
    let b: Worker | undefined
    try {
      a = await startWorker()
      // Slow enough that a page of five uploads takes seconds.
      world.sandbox.indexer.faults.set({ latencyMs: LATENCY_MS })
      const handle = await world.startInstance('kill', {
        env: RUN_ENV,
        tuning: TUNING,
      })
      const workflowIds = [
        handle.workflowId,
        ...world.customers.map((c) => customerWorkflowId(run, c)),
        ...spaceIds,
      ]

      // A page has finished part of its uploads (its checkpoint is on the server)...
      await until(
        'page with a checkpoint',
        async () => {
          const { activities } = await snapshot(spaceIds)
          return activities.find(
            (p) => p.type === 'migrateUploadPage' && p.checkpoint?.lastRoot
          )
        },
        60_000
      )
      // ...then the indexer stops answering: every page in flight blocks on its next call and
      // keeps heartbeating, and whatever runs between pages reaches a page and blocks too. So
      // the kill lands mid-page, never in a step with a long timeout (beginSpace, customer
      // steps). (The sandbox's own calls to the indexer hang too; closing the sandbox at the
      // end of the file makes them fail, and the upload service logs a ucan/conclude error.)
      world.sandbox.indexer.faults.set({ latencyMs: LATENCY_MS, hangRate: 1 })
      let quiet = 0
      const interrupted = await until(
        'quiet moment with only pages running on worker A',
        async () => {
          const { activities, between } = await snapshot(workflowIds)
          const onlyPagesOnA =
            !between &&
            activities.length > 0 &&
            activities.every(
              (p) =>
                p.type === 'migrateUploadPage' &&
                p.state === 'STARTED' &&
                p.worker === a?.identity
            )
          quiet = onlyPagesOnA ? quiet + 1 : 0
          return quiet >= 3 ? activities : undefined
        },
        60_000
      )
      const beforeKill = world.sideEffects()
      assert.ok(beforeKill.ledger > 0, 'worker A published something')

      t.diagnostic(
        `killing worker A with ${beforeKill.ledger} side effects done; in flight: ${interrupted
          .map(
            (p) =>
              `${p.type} of ${p.workflowId} at ${p.checkpoint?.finished ?? 0}`
          )
          .join(', ')}`
      )
      const killedAt = Date.now()
      a.child.kill('SIGKILL')
      await a.exit
      assert.equal(a.child.signalCode, 'SIGKILL')
      world.sandbox.indexer.faults.clear()

      b = await startWorker()
      assert.notEqual(b.identity, a.identity)
      const result: InstanceResult = await within(
        handle.result(),
        150_000,
        'the migration on worker B'
      )

      t.diagnostic(
        `worker B finished the migration ${Date.now() - killedAt} ms after the kill`
      )

      // Nothing lost, nothing counted twice.
      assert.equal(result.processed, world.uploads.length)
      assert.equal(
        result.migrated + result.alreadyMigrated + result.failed,
        result.processed
      )
      assert.equal(result.customers, world.customers.length)
      const expectedFailed = world.uploads.filter(failsAlone)
      const failureRows = []
      for (const space of spaces.keys())
        for await (const page of world.tables.migrationFailures.bySpace(space))
          failureRows.push(...page)
      assert.deepEqual(
        failureRows.map((r) => `${r.root}: ${r.reason}`).sort(),
        expectedFailed
          .map((u) => `${u.root}: ${EXPECTED_FAILURES[u.quirk]}`)
          .sort(),
        'failures recorded for the awkward uploads only'
      )
      assert.equal(result.failed, expectedFailed.length)
      assertNoDuplicateSideEffects(world.sandbox)
      for (const [space, customer] of spaces) {
        const uploads = world.uploads.filter((u) => u.space === space).length
        const row = await world.tables.migrationProgress.get(customer, space)
        assert.ok(row, `progress row of ${space}`)
        assert.equal(row.totalUploads, uploads, space)
        assert.equal(row.completedUploads, uploads, space)
        assert.notEqual(row.status, 'in-progress', space)
      }

      // The kill was survived, not dodged: every page running on A went silent, timed out on
      // its heartbeat and ran again on B.
      for (const workflowId of new Set(interrupted.map((p) => p.workflowId))) {
        const history = await world.temporal.client.workflow
          .getHandle(workflowId)
          .fetchHistory()
        const resumed = (history.events ?? [])
          .map((e) => e.activityTaskStartedEventAttributes)
          .filter(
            (s) =>
              (s?.attempt ?? 1) > 1 &&
              s?.identity === b?.identity &&
              decodeTimeoutType(
                s?.lastFailure?.timeoutFailureInfo?.timeoutType
              ) === 'HEARTBEAT'
          )
        assert.equal(
          resumed.length,
          1,
          `the page of ${workflowId} resumed on worker B after a heartbeat timeout`
        )
      }

      // Everything the migration claims is there: a check that writes nothing agrees.
      const before = world.sideEffects()
      const verify = await world.startInstance('kill-verify', {
        env: RUN_ENV,
        mode: 'verify-only',
        tuning: TUNING,
      })
      const verified = await within(verify.result(), 60_000, 'verify-only')
      assert.equal(verified.processed, world.uploads.length)
      assert.equal(verified.failed, expectedFailed.length)
      assert.deepEqual(world.sideEffects(), before)

      b.child.kill('SIGTERM')
      assert.equal(
        await within(b.exit, 30_000, 'worker B stopping'),
        0,
        'worker B drains and exits on SIGTERM'
      )
    } finally {
      world.sandbox.indexer.faults.clear()
      await killIfAlive(a)
      await killIfAlive(b)
    }
  })
})
