import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import type { LedgerEntry } from '../../src/sandbox/ledger.js'
import { SANDBOX_QUEUES } from '../../src/sandbox/sandbox.js'
import type { SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import type { InstanceResult, Tuning } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'
import {
  killIfAlive,
  startWorkerProcess,
  within,
  type WorkerProcess,
} from '../helpers/worker-process.js'

/**
 * Issue 16's crash windows, each hit exactly: the sandbox's ledger calls back as it records a
 * side effect, before the service answers, and the test SIGKILLs the worker process there. So
 * the worker never learns that its write happened, and the next attempt (on a new process)
 * meets a side effect it has no record of.
 */
const world = await migrationWorld({
  seed: 'crash-windows',
  customers: 1,
  spacesPerCustomer: 3,
  uploadsPerSpace: 4,
})

const RUN_ENV = 'local-crash-windows'
/** Small spaces in batches, the default path: a killed batch resumes from its heartbeat. */
const TUNING: Partial<Tuning> = {
  pageSize: 2,
  uploadConcurrency: 1,
  spaceConcurrency: 1,
  heartbeatSeconds: 2,
}

type Cut = (what: CutPoint) => void
type CutPoint =
  | { window: 'gateway'; entry: LedgerEntry<'delegation-stored'> }
  | { window: 'index'; entry: LedgerEntry<'blob-added'> }
  | { window: 'ipni'; job: IpniMessage; cachedBefore: Set<string> }
  | { window: 'claim'; entry: LedgerEntry<'claim-cached'> }

interface Window {
  name: string
  /** Calls `cut` at the window's first moment from now on; returns what stops watching. */
  arm(cut: Cut): () => void
}

interface IpniMessage {
  JobID: string
  Message: { ContextID: string; Metadata: string }
}

const WINDOWS: Window[] = [
  {
    name: 'gateway accepted access/delegate, row not written',
    arm: (cut) =>
      world.sandbox.ledger.watch((entry) => {
        if (entry.kind === 'delegation-stored')
          cut({ window: 'gateway', entry })
      }),
  },
  {
    name: 'index blob added, assert/index not sent',
    arm: (cut) =>
      world.sandbox.ledger.watch((entry) => {
        if (entry.kind === 'blob-added') cut({ window: 'index', entry })
      }),
  },
  {
    // The migration queues a shard's IPNI job before it caches the claim, since the cached
    // claim is what the check step reads as done (src/migration/claims/publish.ts).
    name: 'IPNI job queued, location claim not cached',
    arm: (cut) => {
      let armed = true
      void world.sandbox.s3sqs.nextMessage().then(({ body }) => {
        if (armed)
          cut({
            window: 'ipni',
            job: JSON.parse(body) as IpniMessage,
            cachedBefore: new Set(migrationClaims().map((c) => c.claim)),
          })
      })
      return () => (armed = false)
    },
  },
  {
    // The window the order above closes: had the claim gone first, no retry would queue its
    // job, because the check step finds the claim and calls the shard done.
    name: 'location claim cached, its upload not finished',
    arm: (cut) =>
      world.sandbox.ledger.watch((entry) => {
        if (
          entry.kind === 'claim-cached' &&
          entry.issuer === world.sandbox.ids.uploadService.toDIDKey()
        )
          cut({ window: 'claim', entry })
      }),
  },
]

/** Location claims the migration itself cached (storage nodes cache their own for indexes). */
const migrationClaims = () =>
  world.sandbox.ledger.find('claim-cached', {
    issuer: world.sandbox.ids.uploadService.toDIDKey(),
  })

const EXPECTED_FAILURES: Record<string, string> = {
  'no-shards-no-index': 'NO_SHARDS_NO_INDEX',
  'missing-size': 'SHARD_SIZE_UNKNOWN',
  'missing-blob': 'SHARD_NOT_FOUND',
}
const failsAlone = (u: SeededUpload) =>
  u.state !== 'complete' && EXPECTED_FAILURES[u.quirk] !== undefined

/**
 * Kills the worker at each window in turn and starts the next one; `cut` lists where each
 * window was cut. The kill lands before the service's answer leaves.
 */
function cutAtEachWindow(first: WorkerProcess) {
  const cut: CutPoint[] = []
  const workers = [first]
  let current: WorkerProcess | undefined = first
  let disarm = () => {}
  let failed: unknown
  const armNext = () => {
    disarm = WINDOWS[cut.length]?.arm(onCut) ?? (() => {})
  }
  function onCut(point: CutPoint) {
    if (!current) return
    current.child.kill('SIGKILL')
    current = undefined
    disarm()
    cut.push(point)
    void startWorkerProcess(world.env).then(
      (next) => {
        workers.push(next)
        current = next
        armNext()
      },
      (err: unknown) => (failed = err)
    )
  }
  armNext()
  return { cut, workers, stop: () => disarm(), failure: () => failed }
}

const digestOf = (cid: string) =>
  base58btc.encode(CID.parse(cid).multihash.bytes)

function queuedJobs() {
  return Object.values(SANDBOX_QUEUES).flatMap((queue) =>
    world.sandbox.s3sqs.queueMessages(queue).map(
      (m) =>
        JSON.parse(m.body) as {
          JobID: string
          Message: { Metadata: string }
        }
    )
  )
}

describe('a worker killed inside a crash window', () => {
  it('finishes every upload on the next process, with no side effect twice', async (t) => {
    const first = await startWorkerProcess(world.env)
    const run = cutAtEachWindow(first)
    try {
      const handle = await world.startInstance('crash-windows', {
        env: RUN_ENV,
        tuning: TUNING,
      })
      const result: InstanceResult = await within(
        handle.result(),
        240_000,
        'the migration across the kills'
      )
      run.stop()
      assert.equal(run.failure(), undefined, 'every replacement started')
      assert.deepEqual(
        run.cut.map((p) => p.window),
        ['gateway', 'index', 'ipni', 'claim'],
        'every window was cut'
      )
      for (const [i, point] of run.cut.entries())
        t.diagnostic(`${WINDOWS[i]!.name}: killed at ${JSON.stringify(point)}`)

      // Nothing lost.
      const expectedFailed = world.uploads.filter(failsAlone)
      assert.equal(result.processed, world.uploads.length)
      assert.equal(result.failed, expectedFailed.length)
      assert.deepEqual(
        (await world.failureRows()).map((r) => `${r.root}: ${r.reason}`).sort(),
        expectedFailed
          .map((u) => `${u.root}: ${EXPECTED_FAILURES[u.quirk]}`)
          .sort()
      )

      const [gateway, index, ipni, claim] = run.cut as [
        Extract<CutPoint, { window: 'gateway' }>,
        Extract<CutPoint, { window: 'index' }>,
        Extract<CutPoint, { window: 'ipni' }>,
        Extract<CutPoint, { window: 'claim' }>,
      ]

      // The gateway window: the retry sent the same delegations (same keys, same bytes), and
      // the row records the serve delegation the gateway holds.
      const writes = world.sandbox.ledger.find('delegation-stored', {
        space: gateway.entry.space,
      })
      assert.ok(
        writes.some((w) => w.write === 'identical'),
        'the cut authorization was sent again'
      )
      assert.ok(
        writes.every((w) => w.write !== 'changed'),
        'and nothing was replaced'
      )
      const customer = world.customers[0]!
      const row = await world.tables.migrationProgress.get(
        customer,
        gateway.entry.space
      )
      assert.ok(
        writes.some((w) => w.delegation === row?.gatewayDelegation),
        'the row names a delegation the gateway holds'
      )
      assertNoDuplicateSideEffects(world.sandbox, {
        resentIn: new Set([gateway.entry.space]),
      })

      // The index window: the index blob was not added again, and registered once.
      const registered = world.sandbox.ledger
        .find('index-registered')
        .filter((e) => digestOf(e.index) === index.entry.digest)
      assert.equal(registered.length, 1, 'the cut index registered once')
      assert.equal(
        world.sandbox.ledger.count('blob-added', {
          digest: index.entry.digest,
        }),
        1
      )

      // The IPNI window: the retry cached the claim that the killed worker had queued a job
      // for but not cached, and its job is queued once; every claim has its one job.
      const jobs = queuedJobs()
      assert.equal(new Set(jobs.map((j) => j.JobID)).size, jobs.length)
      const claims = migrationClaims()
      assert.equal(jobs.length, claims.length, 'one job per claim cached')
      const metadata = Buffer.from(ipni.job.Message.Metadata, 'base64')
      const claimOfJob = claims.find((c) =>
        metadata.includes(Buffer.from(CID.parse(c.claim).bytes))
      )
      assert.ok(claimOfJob, 'the claim of the cut job was cached in the end')
      assert.ok(
        !ipni.cachedBefore.has(claimOfJob.claim),
        'and had not been when the worker died'
      )
      assert.equal(
        jobs.filter((j) => j.JobID === ipni.job.JobID).length,
        1,
        'the cut job is queued once'
      )

      // The claim window: the claim cached when the worker died has its job.
      const claimCid = Buffer.from(CID.parse(claim.entry.claim).bytes)
      assert.equal(
        jobs.filter((j) =>
          Buffer.from(j.Message.Metadata, 'base64').includes(claimCid)
        ).length,
        1,
        'the claim cut off has its one IPNI job'
      )

      // Everything the migration claims is there: a check that writes nothing agrees.
      const before = world.sideEffects()
      const verify = await world.startInstance('crash-windows-verify', {
        env: RUN_ENV,
        mode: 'verify-only',
        tuning: TUNING,
      })
      const verified = await within(verify.result(), 60_000, 'verify-only')
      assert.equal(verified.processed, world.uploads.length)
      assert.equal(verified.failed, expectedFailed.length)
      assert.deepEqual(world.sideEffects(), before)
    } finally {
      run.stop()
      for (const worker of run.workers) await killIfAlive(worker)
    }
  })
})
