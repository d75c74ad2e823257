/**
 * `npm run chaos`: a bounded fault campaign against the real migration. It seeds a legacy world
 * (real CARs) on a stack of its own, migrates it with worker processes of `src/workers/main.ts`,
 * and meanwhile kills workers with SIGKILL (starting a replacement each time), restarts the
 * Temporal dev server (SQLite file, same port), and injects faults into every sandbox service in
 * phases (5xx, 429 with Retry-After, connection resets, hangs, latency), then clears them. The
 * workers reach DynamoDB, S3 and SQS through toxiproxy and an HTTP fault proxy, which have phases
 * of their own: AWS throttling and 5xx answers, hangs, TCP resets and latency.
 *
 * At the end it checks from the sandbox ledger, the tables and Temporal's histories that every
 * upload was migrated or recorded as failed with its reason, that nothing was done twice, and
 * that the progress tables agree with the uploads. Then, faults off, it re-drives every failure
 * with a `--retry-failed` run (the instance input's `onlyFailed`): an upload that failed for
 * another reason than its seeded quirk (a fault that outlived the retries) must migrate there,
 * and the awkward ones must fail again with the same reason. A verify-only run confirms that
 * every other upload is really migrated, and writes nothing.
 *
 * The world has both shapes of work: the first customer's `--large-spaces` spaces are large
 * enough to get a space workflow each, and the other spaces migrate in batch activities
 * (`migrateSmallSpaces`) of their customer; with `--small-customer-uploads N` the other customers
 * migrate in batch activities of the instance (`migrateSmallCustomers`).
 *
 * Kills land at random points of progress, each at a moment when the victim runs upload pages
 * or batches only (it waits up to 30 s for one): a kill inside a step with a long timeout (beginSpace: 2 min
 * heartbeat timeout; customer steps: 5 min start-to-close) would stall that step for minutes.
 * `--any-moment` drops that wait.
 *
 * Exit code: 0 every invariant holds; 1 an invariant is broken, or the run exceeded
 * --max-minutes; 3 the invariants hold but the campaign could not inject all it planned (the
 * run finished too soon: make it larger).
 *   npm run chaos
 *   npm run chaos -- --uploads 300 --kills 2
 *   npm run chaos -- --uploads 5000 --customers 20 --kills 8 --max-minutes 40
 */
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { inspect } from 'node:util'
import { type WorkflowHandle, WorkflowFailedError } from '@temporalio/client'
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { DEFAULT_SEED_OPTIONS } from '../src/sandbox/seed/plan.js'
import {
  FAULTED_SERVICES,
  type FaultedServiceName,
} from '../src/sandbox/faulted-services.js'
import { SeededRandom } from '../src/sandbox/seed/random.js'
import { instanceWorkflowId } from '../src/workflows/ids.js'
import { migrationSearchAttributes } from '../src/workflows/search-attributes.js'
import {
  DEFAULT_TUNING,
  type InstanceInput,
  type InstanceResult,
  type Tuning,
} from '../src/workflows/types.js'
import {
  allSpaces,
  type Check,
  completedUploads,
  duplicateSideEffects,
  gatewayRowChecks,
  expectedReason,
  failureChecks,
  failureRows,
  progressChecks,
  splitFailures,
} from './chaos/checks.js'
import {
  applyPhase,
  countFaults,
  describeSettings,
  FAULT_KINDS,
  FAULT_PHASES,
} from './chaos/faults.js'
import {
  applyAwsPhase,
  AWS_FAULT_KINDS,
  awsCounts,
  describeAwsPhase,
} from './chaos/aws-faults.js'
import {
  FIGURE_HEADS,
  type FaultFigures,
  faultFigures,
  figureRows,
  figuresSince,
} from './chaos/fault-figures.js'
import {
  AWS_SERVICES,
  type AwsService,
} from '../src/sandbox/aws-faults/aws-error-answers.js'
import { checkLines, grid, seconds, table, timeline } from './chaos/report.js'
import {
  activityKey,
  historyStats,
  type RunningActivity,
  runningActivities,
} from './chaos/temporal-watch.js'
import { RssSampler, rssChecks } from './chaos/rss.js'
import {
  curePoison,
  poisonCheck,
  poisonRoots,
  pauseAsOperatorOnce,
  type RefusalRecord,
  refusalChecks,
  refuseWritesOnce,
} from './chaos/refusals.js'
import { type WorkerProcess, workerPool } from './chaos/workers.js'
import { type ChaosWorld, startChaosWorld } from './chaos/world.js'
import { costCheck, type RunCost, runBaseline } from './chaos/baseline.js'
import { historyCost } from './bench/temporal-run.js'

/** Activities a dead worker's heartbeat timeout hands over in seconds: pages and batches of them. */
const HEARTBEATING = new Set([
  'migrateUploadPage',
  'migrateSmallSpaces',
  'migrateSmallCustomers',
])

/** How many times the uploads of an ordinary space a large one holds. */
const LARGE_SPACE_FACTOR = 3

const argv = await yargs(hideBin(process.argv))
  .scriptName('npm run chaos --')
  .usage(
    '$0 [options]\n\nMigrates a seeded world while killing workers (SIGKILL), restarting the Temporal server and injecting faults into every sandbox service; then checks that nothing was lost or done twice. Exits 1 when an invariant is broken or --max-minutes is exceeded, 3 when the run ended before every planned fault was injected.'
  )
  .option('uploads', {
    type: 'number',
    default: 800,
    describe: 'About this many uploads in all (rounded to whole spaces)',
  })
  .option('customers', { type: 'number', default: 10 })
  .option('spaces', {
    type: 'number',
    default: 4,
    describe: 'Spaces per customer (odd customers leave their last one empty)',
  })
  .option('kills', {
    type: 'number',
    default: 4,
    describe: 'Worker processes killed with SIGKILL, each replaced',
  })
  .option('refusals', {
    type: 'number',
    default: 1,
    describe:
      "Times the upload service's write kill-switch goes on mid-run (the migration must pause, then resume)",
  })
  .option('operator-pauses', {
    type: 'number',
    default: 0,
    describe:
      'Times an operator pauses and resumes the instance mid-run (the baseline does it for each refusal)',
  })
  .option('poison', {
    type: 'number',
    default: 3,
    describe:
      'Poison roots (the indexer answers 500 for them): each must fail alone, then migrate on --retry-failed',
  })
  .option('server-restarts', {
    type: 'number',
    default: 1,
    describe: 'Restarts of the Temporal dev server (same port and SQLite file)',
  })
  .option('workers', {
    type: 'number',
    default: 2,
    describe: 'Worker processes running at once',
  })
  .option('faults', {
    type: 'boolean',
    default: true,
    describe: 'Fault phases on the sandbox services (--no-faults to skip)',
  })
  .option('seed', {
    type: 'string',
    default: 'chaos',
    describe: 'Seeds the world and every choice of the campaign',
  })
  .option('max-minutes', {
    type: 'number',
    default: 15,
    describe: 'Hard stop: kill everything and exit 1 after this long',
  })
  .option('heartbeat-seconds', {
    type: 'number',
    default: 4,
    describe: 'Heartbeat timeout of a page (a killed page resumes after it)',
  })
  .option('page-size', { type: 'number', default: 10 })
  .option('large-spaces', {
    type: 'number',
    default: 4,
    describe: `Spaces (the first customer's) with ${LARGE_SPACE_FACTOR}× the uploads of the others`,
  })
  .option('small-space-uploads', {
    type: 'number',
    describe:
      'Spaces of at most this many uploads migrate in batch activities (0: each its own workflow); by default the ordinary spaces do, and the large ones get workflows',
  })
  .option('small-customer-uploads', {
    type: 'number',
    default: DEFAULT_TUNING.smallCustomerUploads ?? 0,
    describe:
      'Customers of at most this many uploads migrate in batch activities of the instance (0, the default: each its own workflow); 100 batches every customer but the first, whose large spaces give it a workflow',
  })
  .option('any-moment', {
    type: 'boolean',
    default: false,
    describe:
      'Kill without waiting for a worker to run pages only (a kill in a step with a long timeout stalls it for minutes: raise --max-minutes)',
  })
  .option('baseline', {
    type: 'boolean',
    default: true,
    describe:
      'First migrate the same world with no fault of any kind, and check that the faulted run costs at most 20% more Temporal actions per upload (--no-baseline to skip)',
  })
  .option('cost-file', {
    type: 'string',
    describe:
      "Write the main instance's Temporal cost (actions, events) here as JSON",
  })
  .option('verify', {
    type: 'boolean',
    default: true,
    describe: 'End with a verify-only run (--no-verify to skip)',
  })
  .option('keep', {
    type: 'boolean',
    default: false,
    describe: 'Keep the run folder (logs, SQLite) even when every check passes',
  })
  .check((a) => {
    for (const k of ['uploads', 'customers', 'spaces', 'workers'] as const)
      if (!(a[k] >= 1)) throw new Error(`--${k} must be at least 1`)
    if (a.kills < 0 || a['server-restarts'] < 0)
      throw new Error('--kills and --server-restarts cannot be negative')
    return true
  })
  .strict()
  .help()
  .parse()

const t0 = Date.now()
const log = timeline(t0)
const random = new SeededRandom(`${argv.seed}/campaign`)
let killWorkers = () => {}

// Every child process is SIGKILLed when this process exits, however it exits (managed-process
// does so for what it starts; setpriv's parent-death signal covers a SIGKILL of this process).
const hardStop = setTimeout(() => {
  log(
    `--max-minutes ${argv['max-minutes']} exceeded: stopping everything (logs kept in ${dir})`
  )
  killWorkers()
  process.exit(1)
}, argv['max-minutes'] * 60_000)
hardStop.unref()
// Anything thrown outside the campaign's own error handling (a client call left running when
// the stack stops) ends the run as broken, with every child process stopped.
process.on('uncaughtException', (err) => {
  log(`unexpected error: ${err.stack ?? err.message}`)
  killWorkers()
  process.exit(1)
})
process.on('unhandledRejection', (err) => {
  log(`unexpected rejection: ${err instanceof Error ? err.stack : String(err)}`)
  killWorkers()
  process.exit(1)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: stopping everything (logs kept in ${dir})`)
    killWorkers()
    process.exit(130)
  })

/**
 * Uploads per space for about `--uploads` in all: odd customers have an empty last space, and
 * the first `--large-spaces` have several times as many, so that both paths run: the ordinary
 * spaces in batches, the large ones each in its workflow.
 */
const emptySpaces = argv.spaces > 1 ? Math.floor(argv.customers / 2) : 0
const largeSpaces = Math.min(argv['large-spaces'], argv.spaces)
const uploadsPerSpace = Math.max(
  1,
  Math.round(
    argv.uploads /
      (argv.customers * argv.spaces -
        emptySpaces +
        (LARGE_SPACE_FACTOR - 1) * largeSpaces)
  )
)
const tuning: Tuning = {
  ...DEFAULT_TUNING,
  pageSize: argv['page-size'],
  uploadConcurrency: 2,
  spaceConcurrency: 2,
  customerConcurrency: 4,
  heartbeatSeconds: argv['heartbeat-seconds'],
  smallSpaceUploads: argv['small-space-uploads'] ?? uploadsPerSpace,
  smallCustomerUploads: argv['small-customer-uploads'],
}

const dir = mkdtempSync(join(tmpdir(), 'chaos-'))
log(`run folder ${dir}`)
// The sandbox services log every fault they pass on (a call of theirs that failed) on stderr:
// that goes to a file of the run folder, so that the campaign's own lines stay readable.
const serviceLog = createWriteStream(join(dir, 'services.log'))
console.error = console.warn = (...args: unknown[]) => {
  serviceLog.write(
    `${args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ')}\n`
  )
}
let world: ChaosWorld | undefined
let failed = true
let baseline: Awaited<ReturnType<typeof runBaseline>> | undefined
try {
  if (argv.baseline)
    baseline = await runBaseline(worldArgs(), argv.refusals, dir, log)
  world = await startChaosWorld({
    dir,
    log,
    seed: {
      ...DEFAULT_SEED_OPTIONS,
      seed: argv.seed,
      customers: argv.customers,
      spacesPerCustomer: argv.spaces,
      uploadsPerSpace,
      largeSpaces,
      largeSpaceUploads: LARGE_SPACE_FACTOR * uploadsPerSpace,
    },
  })
  const code = await campaign(world)
  failed = code !== 0
  process.exitCode = code
} catch (err) {
  log(
    `campaign broke: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`
  )
  process.exitCode = 1
} finally {
  killWorkers()
  await world?.stop()
  if (failed || argv.keep) log(`logs and SQLite kept in ${dir}`)
  else rmSync(dir, { recursive: true, force: true })
  clearTimeout(hardStop)
}
// Hung sockets of the sandbox (hang faults) must not keep the process alive.
process.exit(process.exitCode ?? 0)

interface KillRecord {
  victim: WorkerProcess
  at: number
  progress: number
  /** Pages the victim was running when killed. */
  interrupted: RunningActivity[]
  /** Killed without a moment when it ran pages only (it may stall a step with a long timeout). */
  unsafe: boolean
  replacement?: WorkerProcess
  replacementMs?: number
}

async function campaign(w: ChaosWorld): Promise<number> {
  const total = w.uploads.length
  const expectedFailed = w.uploads.filter((u) => expectedReason(u)).length
  log(
    `seeded ${total} uploads (${w.report.spaces} spaces, ${w.report.emptySpaces} empty; ${expectedFailed} awkward ones fail by design) in ${w.seedSeconds.toFixed(1)} s`
  )
  const spaces = await allSpaces(w.tables)
  const customers = [...new Set(spaces.values())].sort()
  const faultCounts = countFaults(w.sandbox)
  const pool = workerPool({
    env: w.env,
    bundlePath: w.bundlePath,
    logDir: dir,
    maxConcurrentActivities: 8,
    log,
  })
  killWorkers = () => pool.killAll()
  for (let i = 0; i < argv.workers; i++) {
    const worker = await pool.start()
    log(`worker ${worker.n} polling as ${worker.identity}`)
  }

  // The plan: kills at random points of progress, the restart in the middle, faults in phases.
  const killAt = spread(argv.kills, 0.08, 0.8)
  const restartAt = spread(argv['server-restarts'], 0.3, 0.6)
  const events = [
    ...killAt.map((at) => ({ at, kind: 'kill' as const })),
    ...restartAt.map((at) => ({ at, kind: 'restart' as const })),
  ].sort((a, b) => a.at - b.at)
  log(
    `plan: ${events.map((e) => `${e.kind} at ${(e.at * 100).toFixed(0)}%`).join(', ') || 'no kills, no restarts'}; ${argv.faults ? `${FAULT_PHASES.length} fault phases` : 'no faults'}`
  )

  const poison = poisonRoots(w.sandbox, w.uploads, argv.poison, random)
  log(
    `poison: the indexer answers 500 for ${poison.length} roots (${poison.map((u) => u.root.slice(-8)).join(', ')})`
  )

  const instanceId = `chaos-${argv.seed}-${Date.now()}`
  const input: InstanceInput = {
    env: 'local',
    mode: 'full',
    instanceId,
    source: { kind: 'list', customers },
    tuning,
  }
  const migrationStart = Date.now()
  const handle = await startInstance(w, input)
  log(`migration started: ${handle.workflowId}`)

  let done = false
  let progress = 0
  const fraction = () => progress / total
  const kills: KillRecord[] = []
  const restarts: { at: number; downMs: number }[] = []
  const phasesRun: { name: string; ms: number; figures: FaultFigures }[] = []
  const figuresNow = () => faultFigures(faultCounts, awsCounts(w.aws))
  let faultsClearedAt: number | undefined

  const rss = new RssSampler()
  const progressLoop = (async () => {
    let last = -1
    let lastLog = 0
    while (!done) {
      rss.sample(pool.live())
      progress = await completedUploads(w.tables).catch(() => progress)
      if (progress !== last && Date.now() - lastLog > 10_000) {
        log(
          `progress ${progress}/${total} (${((progress / total) * 100).toFixed(0)}%)`
        )
        lastLog = Date.now()
        last = progress
      }
      await sleep(500)
    }
  })()

  const faultLoop = (async () => {
    if (!argv.faults) return
    const n = FAULT_PHASES.length
    const queued = new Set<FaultedServiceName>()
    const awsQueued = new Set<AwsService>()
    for (const [i, phase] of FAULT_PHASES.entries()) {
      if (done) break
      const end = 0.05 + ((i + 1) * 0.75) / n
      // The first phase that faults a service also queues one fault of each kind for it.
      const first = FAULTED_SERVICES.filter(
        (s) => phase.settings[s] && !queued.has(s)
      )
      first.forEach((s) => queued.add(s))
      const awsFirst = AWS_SERVICES.filter(
        (s) => phase.aws?.[s] && !awsQueued.has(s)
      )
      awsFirst.forEach((s) => awsQueued.add(s))
      const before = figuresNow()
      applyPhase(w.sandbox, phase, first)
      const awsPhase = await applyAwsPhase(w.aws, phase.aws, awsFirst)
      log(
        `fault phase ${i + 1}/${n} (${phase.name}): ${[describeSettings(phase), phase.aws && describeAwsPhase(phase.aws)].filter(Boolean).join('; ')}`
      )
      const since = Date.now()
      while (!done) {
        const ms = Date.now() - since
        if (ms >= 25_000 || (ms >= 8_000 && fraction() >= end)) break
        await sleep(250)
      }
      await awsPhase.stop()
      phasesRun.push({
        name: phase.name,
        ms: Date.now() - since,
        figures: figuresSince(before, figuresNow()),
      })
    }
    applyPhase(w.sandbox, undefined)
    await w.aws.clear()
    faultsClearedAt = Date.now()
    log('faults cleared')
  })()

  const refusals: RefusalRecord[] = []
  const refusalLoop = (async () => {
    for (const at of spread(argv.refusals, 0.35, 0.55)) {
      while (!done && fraction() < at) await sleep(250)
      if (done) break
      refusals.push(await refuseWritesOnce(w.sandbox, handle, { log }))
    }
  })()
  const operatorPauses: boolean[] = []
  const operatorPauseLoop = (async () => {
    for (const at of spread(argv['operator-pauses'], 0.35, 0.55)) {
      while (!done && fraction() < at) await sleep(250)
      if (done) break
      operatorPauses.push(await pauseAsOperatorOnce(handle, { log }))
    }
  })()

  const chaosLoop = (async () => {
    for (const event of events) {
      while (!done && fraction() < event.at) await sleep(250)
      if (done) break
      if (event.kind === 'restart') {
        const at = Date.now()
        log(
          `stopping the Temporal dev server (pid ${w.temporal.pid}) at ${progress}/${total}`
        )
        await w.temporal.stop()
        await sleep(2_000 + random.next() * 2_000)
        await w.temporal.start()
        const downMs = Date.now() - at
        restarts.push({ at, downMs })
        log(
          `Temporal dev server back on ${w.temporal.address} (pid ${w.temporal.pid}) after ${seconds(downMs)} down`
        )
      } else {
        const kill = await killOne(
          w,
          pool,
          instanceId,
          () => done,
          () => progress
        )
        if (!kill) break
        kills.push(kill)
        log(
          `killed worker ${kill.victim.n} (${kill.victim.identity}) with SIGKILL at ${kill.progress}/${total}${kill.unsafe ? ' (not at a pages-only moment)' : ''}; in flight: ${typesOf(kill.interrupted)}; replacement worker ${kill.replacement?.n} polling after ${seconds(kill.replacementMs ?? 0)}`
        )
      }
    }
  })()

  let result: InstanceResult
  try {
    // A kill or restart that breaks (a replacement that cannot start) ends the campaign.
    result = await Promise.race([
      resultAcrossOutage(handle),
      chaosLoop.then(() => new Promise<never>(() => {})),
    ])
  } finally {
    done = true
    await Promise.allSettled([
      progressLoop,
      faultLoop,
      chaosLoop,
      refusalLoop,
      operatorPauseLoop,
    ])
    w.sandbox.uploadService.writes.disabled = false
    applyPhase(w.sandbox, undefined)
    await w.aws.clear()
  }
  const totals = figuresNow()
  const migrationMs = Date.now() - migrationStart
  log(
    `migration finished in ${seconds(migrationMs)}: ${result.processed} processed, ${result.migrated} migrated, ${result.alreadyMigrated} already, ${result.failed} failed (${result.status})`
  )

  const checks: Check[] = []
  const check = (name: string, ok: boolean, detail: string) =>
    checks.push({ name, ok, detail })

  // What the instance says.
  check(
    'instance processed every upload',
    result.processed === total,
    `${result.processed} of ${total}`
  )
  check(
    'migrated + already + failed = processed',
    result.migrated + result.alreadyMigrated + result.failed ===
      result.processed,
    `${result.migrated} + ${result.alreadyMigrated} + ${result.failed} = ${result.processed}`
  )
  check(
    'every customer finished',
    result.customers === customers.length,
    `${result.customers} of ${customers.length}, ${result.customersFailed} with failures`
  )

  // Failures: the awkward uploads with their reason; anything else re-driven below.
  const rows = await failureRows(w.tables, spaces.keys())
  const split = splitFailures(w.uploads, rows)
  checks.push(...failureChecks(split, expectedFailed))
  check(
    'instance failed count = failure rows',
    result.failed === rows.size,
    `${result.failed} failed, ${rows.size} rows`
  )
  checks.push(poisonCheck(poison, rows))
  checks.push(...refusalChecks(refusals, argv.refusals))
  const failedByReason = countBy([...rows.values()], (r) => r.reason)
  const unexpectedByReason = countBy(
    split.unexpected,
    (r) => `${r.reason} (${r.step})`
  )

  // Every failure re-driven (`--retry-failed`), faults off: an upload that failed because of a
  // fault must migrate now; an awkward one must fail again with the same reason.
  if (split.unexpected.length > 0)
    log(
      `${split.unexpected.length} uploads failed for another reason than their quirk (${[...unexpectedByReason].map(([r, n]) => `${n} ${r}`).join(', ')})`
    )
  curePoison(w.sandbox, poison)
  log(
    `re-driving the ${rows.size} failures (--retry-failed), the poison roots cured`
  )
  const retryAt = Date.now()
  const retried = await resultAcrossOutage(
    await startInstance(w, {
      ...input,
      instanceId: `${instanceId}-retry`,
      onlyFailed: true,
    })
  )
  const retry = { result: retried, ms: Date.now() - retryAt }
  log(
    `retry-failed finished in ${seconds(retry.ms)}: ${retried.processed} processed, ${retried.migrated} migrated, ${retried.alreadyMigrated} already, ${retried.failed} failed`
  )
  const afterRetry = splitFailures(
    w.uploads,
    await failureRows(w.tables, spaces.keys())
  )
  check(
    'retry-failed re-drove every failure',
    retried.processed === rows.size,
    `${retried.processed} of ${rows.size}`
  )
  check(
    'retry-failed migrated every other failure',
    afterRetry.unexpected.length === 0 &&
      retried.migrated + retried.alreadyMigrated === split.unexpected.length,
    `${split.unexpected.length - afterRetry.unexpected.length} of ${split.unexpected.length} cleared; ${retried.migrated + retried.alreadyMigrated} migrated or already`
  )
  check(
    'retry-failed left the awkward uploads failed as they were',
    afterRetry.wrongOrMissing.length === 0 &&
      afterRetry.expected.length === expectedFailed &&
      retried.failed === expectedFailed,
    `${afterRetry.expected.length} of ${expectedFailed} rows, ${retried.failed} failed again`
  )

  // Every other upload is really migrated: a check that writes nothing agrees.
  let verify: { result: InstanceResult; ms: number } | undefined
  if (argv.verify) {
    const ledgerBefore = w.sandbox.ledger.all().length
    const at = Date.now()
    const verified = await resultAcrossOutage(
      await startInstance(w, {
        ...input,
        instanceId: `${instanceId}-verify`,
        mode: 'verify-only',
      })
    )
    verify = { result: verified, ms: Date.now() - at }
    log(
      `verify-only finished in ${seconds(verify.ms)}: ${verified.processed} processed, ${verified.alreadyMigrated} verified, ${verified.failed} failed`
    )
    check(
      'verify-only: every upload migrated but the awkward ones',
      verified.processed === total && verified.failed === expectedFailed,
      `${verified.processed} of ${total} checked, ${verified.failed} failed (expected ${expectedFailed})`
    )
    check(
      'verify-only wrote nothing',
      w.sandbox.ledger.all().length === ledgerBefore,
      `${w.sandbox.ledger.all().length - ledgerBefore} new side effects`
    )
  }

  const cost: RunCost = {
    uploads: total,
    migrationMs,
    ...(await historyCost(w.client, instanceId)),
  }
  writeFileSync(
    argv['cost-file'] ?? join(dir, 'run-cost.json'),
    JSON.stringify(cost)
  )
  checks.push(costCheck(cost, baseline))
  checks.push(...duplicateSideEffects(w.sandbox))
  checks.push(...rssChecks(rss.series))
  checks.push(await gatewayRowChecks(w.sandbox, w.tables, spaces))
  checks.push(...(await progressChecks(w.tables, spaces, w.uploads)))

  // The kills were survived, not dodged: a page each killed worker was running ran again,
  // started by another worker, and completed.
  const history = await historyStats(w.client, instanceId)
  const pages = history.started.filter((s) => s.type === 'migrateUploadPage')
  const afterHeartbeat = pages.filter((s) => s.after === 'heartbeat-timeout')
  const afterFailure = pages.filter((s) => s.after === 'failure')
  const byKey = new Map(
    history.started.map((s) => [activityKey(s), s] as const)
  )
  const resumedPerKill = kills.map(
    (k) =>
      k.interrupted.filter((a) => {
        const last = byKey.get(activityKey(a))
        return (
          last !== undefined &&
          last.completed &&
          last.attempt > a.attempt &&
          last.identity !== k.victim.identity
        )
      }).length
  )
  check(
    'each kill interrupted work that resumed on another worker',
    kills.every((k, i) => k.interrupted.length === 0 || resumedPerKill[i]! > 0),
    kills.length === 0
      ? 'no kills'
      : kills
          .map(
            (k, i) =>
              `kill ${i + 1}: ${resumedPerKill[i]}/${k.interrupted.length}${k.interrupted.some((a) => a.type !== 'migrateUploadPage') ? ` (${typesOf(k.interrupted)})` : ''}`
          )
          .join(', ')
  )
  check(
    'no workflow of the run failed',
    history.failedWorkflows.length === 0,
    history.failedWorkflows.length === 0
      ? `${history.workflowRuns} workflow runs`
      : history.failedWorkflows.slice(0, 5).join('; ')
  )
  const unexpectedExits = pool.unexpected()
  check(
    'no worker died unless killed',
    unexpectedExits.length === 0,
    unexpectedExits.length === 0
      ? `${pool.all().length} worker processes in all`
      : unexpectedExits
          .map(
            (e) =>
              `worker ${e.worker.n} exited ${e.code}: ${lastLine(e.output)}`
          )
          .join('; ')
  )

  // Did the campaign inject what it planned?
  const missingFaults = [
    ...FAULTED_SERVICES.flatMap((s) =>
      FAULT_KINDS.filter((k) => faultCounts[s].byKind[k] === 0).map(
        (k) => `${s} ${k}`
      )
    ),
    ...AWS_SERVICES.flatMap((s) =>
      AWS_FAULT_KINDS.filter((k) => totals[s]![k] === 0).map((k) => `${s} ${k}`)
    ),
  ]
  const coverage: Check[] = [
    {
      name: 'kills done as planned',
      ok: kills.length === argv.kills,
      detail: `${kills.length} of ${argv.kills}`,
    },
    {
      name: 'server restarts done as planned',
      ok: restarts.length === argv['server-restarts'],
      detail: `${restarts.length} of ${argv['server-restarts']}`,
    },
    {
      name: 'every fault phase ran',
      ok: !argv.faults || phasesRun.length === FAULT_PHASES.length,
      detail: argv.faults
        ? `${phasesRun.length} of ${FAULT_PHASES.length}`
        : 'faults off',
    },
    {
      name: 'every service got every kind of fault',
      ok: !argv.faults || missingFaults.length === 0,
      detail: argv.faults
        ? missingFaults.length === 0
          ? `${FAULTED_SERVICES.length + AWS_SERVICES.length} services × ${FAULT_KINDS.length} kinds`
          : `none of: ${missingFaults.join(', ')}`
        : 'faults off',
    },
  ]

  await pool.stopAll()
  const staleCompletions = pool.countInLogs(/Activity not found on completion/)

  // The summary.
  const lines: string[] = []
  lines.push(
    table('\n=== chaos campaign summary ===', [
      [
        'world',
        `${total} uploads, ${customers.length} customers, ${spaces.size} spaces (seed '${argv.seed}')`,
      ],
      [
        'migration',
        `${result.migrated} migrated, ${result.alreadyMigrated} already, ${result.failed} failed (${result.status}) in ${seconds(migrationMs)}`,
      ],
      [
        'failed by reason',
        [...failedByReason].map(([r, n]) => `${r} ${n}`).join(', ') || 'none',
      ],
      [
        'of which unexpected',
        split.unexpected.length === 0
          ? 'none'
          : [...unexpectedByReason].map(([r, n]) => `${r} ${n}`).join(', '),
      ],
      [
        'retry-failed run',
        `${retry.result.processed} re-driven: ${retry.result.migrated} migrated, ${retry.result.alreadyMigrated} already, ${retry.result.failed} failed again (${seconds(retry.ms)})`,
      ],
      [
        'verify-only run',
        verify
          ? `${verify.result.alreadyMigrated} verified, ${verify.result.failed} failed (${seconds(verify.ms)})`
          : 'skipped',
      ],
      [
        'refused writes',
        refusals.length === 0
          ? 'none'
          : refusals
              .map(
                (r) =>
                  `kill-switch on ${seconds(r.offMs)}, paused after ${r.pausedAfterMs === undefined ? 'never' : seconds(r.pausedAfterMs)}, ${r.resumed ? 'resumed' : 'not resumed'}`
              )
              .join('; '),
      ],
      [
        'poison roots',
        `${poison.length}, failed with INDEXING_SERVICE_500, then re-driven with the indexer answering`,
      ],
      [
        'worker kills (SIGKILL)',
        `${kills.length} of ${argv.kills} planned; ${kills.reduce((n, k) => n + k.interrupted.length, 0)} activities in flight, ${resumedPerKill.reduce((a, b) => a + b, 0)} resumed on another worker; ${kills.filter((k) => k.unsafe).length} not at a pages-only moment`,
      ],
      [
        'pages retried (history)',
        `${afterHeartbeat.length} after a heartbeat timeout, ${afterFailure.length} after a transient failure (last attempts only)`,
      ],
      [
        'stale page attempts',
        `${staleCompletions} completions refused by the server (an attempt that ran on after it timed out, while another attempt took its page over)`,
      ],
      [
        'worker processes',
        `${pool.all().length} started, ${unexpectedExits.length} died unkilled`,
      ],
      [
        'server restarts',
        `${restarts.length} of ${argv['server-restarts']} planned${restarts.length ? ` (down ${restarts.map((r) => seconds(r.downMs)).join(', ')})` : ''}`,
      ],
      [
        'fault phases',
        argv.faults
          ? `${phasesRun.map((p) => `${p.name} ${seconds(p.ms)}`).join(', ')}${faultsClearedAt ? `; cleared at ${seconds(faultsClearedAt - migrationStart)}` : ''}`
          : 'off',
      ],
      [
        'history',
        `${history.workflowRuns} workflow runs, ${history.events} events, ${cost.actions} billable actions (${((cost.actions / total) * 1000).toFixed(0)} per 1,000 uploads)${baseline && !('error' in baseline) ? `; fault-free: ${baseline.actions} (${((baseline.actions / baseline.uploads) * 1000).toFixed(0)})` : ''}`,
      ],
      [
        'wall time',
        `${seconds(Date.now() - t0)} (seeding ${w.seedSeconds.toFixed(1)} s)`,
      ],
    ])
  )
  lines.push(
    '\nfaults injected (requests served during the migration, and how many got each fault; AWS resets and latency: the answers that met the toxic)'
  )
  lines.push(grid(['service', 'requests', ...FIGURE_HEADS], figureRows(totals)))
  if (phasesRun.length > 0) {
    lines.push('\nfaults injected per phase')
    lines.push(
      grid(
        ['phase', 'service', 'requests', ...FIGURE_HEADS],
        phasesRun.flatMap((p, i) =>
          figureRows(p.figures, [`${i + 1} ${p.name}`])
        )
      )
    )
  }
  lines.push('\ninvariants')
  lines.push(checkLines(checks))
  lines.push('\ncampaign coverage')
  lines.push(checkLines(coverage))
  const broken = checks.filter((c) => !c.ok).length
  const uncovered = coverage.filter((c) => !c.ok).length
  lines.push(
    broken > 0
      ? `\nFAIL: ${broken} invariant(s) broken`
      : uncovered > 0
        ? '\nINCOMPLETE: every invariant holds, but the campaign did not inject all it planned (the run ended too soon: make it larger)'
        : '\nPASS: every invariant holds'
  )
  console.log(lines.join('\n'))
  return broken > 0 ? 1 : uncovered > 0 ? 3 : 0
}

/** Waits for a moment when a worker runs pages only, then kills it and starts a replacement. */
async function killOne(
  w: ChaosWorld,
  pool: ReturnType<typeof workerPool>,
  instanceId: string,
  done: () => boolean,
  progress: () => number
): Promise<KillRecord | undefined> {
  // A kill during a step with a long timeout (beginSpace, customer steps) would stall it for
  // minutes; a page (or a batch) has a short heartbeat timeout. So wait until a worker runs
  // those only.
  const deadline = Date.now() + (argv['any-moment'] ? 0 : 30_000)
  const streak = new Map<string, number>()
  let victim: WorkerProcess | undefined
  let interrupted: RunningActivity[] = []
  let unsafe = false
  while (!victim) {
    if (done()) return undefined
    let activities: RunningActivity[]
    try {
      activities = await runningActivities(w.client, instanceId)
    } catch {
      await sleep(500)
      continue
    }
    const candidates: WorkerProcess[] = []
    for (const worker of pool.live()) {
      const mine = activities.filter(
        (a) => a.worker === worker.identity && a.state === 'STARTED'
      )
      const pagesOnly =
        mine.length > 0 && mine.every((a) => HEARTBEATING.has(a.type))
      const n = pagesOnly ? (streak.get(worker.identity) ?? 0) + 1 : 0
      streak.set(worker.identity, n)
      if (n >= 2) candidates.push(worker)
    }
    const live = pool.live()
    if (candidates.length === 0 && Date.now() > deadline && live.length > 0) {
      candidates.push(...live)
      unsafe = true
    }
    if (candidates.length > 0) {
      victim = candidates[Math.floor(random.next() * candidates.length)]!
      interrupted = activities.filter(
        (a) => a.worker === victim!.identity && a.state === 'STARTED'
      )
    } else await sleep(200)
  }
  const at = Date.now()
  const progressAtKill = progress()
  await pool.kill(victim)
  const replacement = await pool.start()
  return {
    victim,
    at,
    progress: progressAtKill,
    interrupted,
    unsafe,
    replacement,
    replacementMs: Date.now() - at,
  }
}

function startInstance(w: ChaosWorld, input: InstanceInput) {
  return w.client.workflow.start('instanceMigrationWorkflow', {
    taskQueue: w.taskQueue,
    workflowId: instanceWorkflowId(input, input.instanceId!),
    args: [input],
    typedSearchAttributes: migrationSearchAttributes(input),
  })
}

/** The client's long poll breaks while the server is down: ask again until it answers. */
async function resultAcrossOutage(
  handle: WorkflowHandle<(input: InstanceInput) => Promise<InstanceResult>>
): Promise<InstanceResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await handle.result()
    } catch (err) {
      if (err instanceof WorkflowFailedError || attempt > 120) throw err
      await sleep(1_000)
    }
  }
}

/** `n` points in [from, to], random but at least a little apart. */
function spread(n: number, from: number, to: number): number[] {
  const slot = (to - from) / Math.max(1, n)
  return Array.from(
    { length: n },
    (_, i) => from + slot * i + slot * (0.15 + 0.7 * random.next())
  )
}

function countBy<T>(items: readonly T[], key: (item: T) => string) {
  const counts = new Map<string, number>()
  for (const item of items)
    counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return new Map([...counts].sort((a, b) => b[1] - a[1]))
}

/** "3 migrateUploadPage, 1 beginSpace" */
function typesOf(activities: readonly RunningActivity[]) {
  return (
    [...countBy(activities, (a) => a.type)]
      .map(([type, n]) => `${n} ${type}`)
      .join(', ') || 'nothing'
  )
}

function lastLine(output: string) {
  return output.trim().split('\n').at(-1)?.slice(0, 200) ?? ''
}

/** The flags that make the world and its shape, for the baseline campaign to build the same. */
function worldArgs(): string[] {
  const flags: [string, string | number | undefined][] = [
    ['uploads', argv.uploads],
    ['customers', argv.customers],
    ['spaces', argv.spaces],
    ['seed', argv.seed],
    ['workers', argv.workers],
    ['heartbeat-seconds', argv['heartbeat-seconds']],
    ['page-size', argv['page-size']],
    ['large-spaces', argv['large-spaces']],
    ['small-space-uploads', argv['small-space-uploads']],
    ['small-customer-uploads', argv['small-customer-uploads']],
  ]
  return flags
    .filter(([, value]) => value !== undefined)
    .map(([flag, value]) => `--${flag}=${value}`)
}
