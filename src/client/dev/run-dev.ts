import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Client, WorkflowHandle } from '@temporalio/client'
import { Runtime } from '@temporalio/worker'
import { startWorld, type World } from '../../sandbox/world/start-world.js'
import { createLog } from '../../workers/log.js'
import { temporalLogger } from '../../workers/temporal-logger.js'
import { progressQuery } from '../../workflows/signals.js'
import type {
  InstanceResult,
  MigrationMode,
  Progress,
} from '../../workflows/types.js'
import { DEFAULT_TUNING } from '../../workflows/types.js'
import { startDevDashboard } from './dev-dashboard.js'
import { DEV_WORLD } from './dev-world.js'
import { runSetupDistribution } from '../distribution/index.js'
import { formatCount, formatPercent } from '../shared/format.js'
import type { MigrationPlan } from '../migrate/plan.js'
import { startOrAttach, workflowOf } from '../migrate/start.js'
import { monitorTables } from '../monitor/monitor-tables.js'
import { runMonitor } from '../monitor/run-monitor.js'
import { progressLine } from '../shared/progress-line.js'
import { RateTracker } from '../shared/rate.js'
import { workflowLink } from '../shared/temporal-client.js'

export interface DevOptions {
  dir: string
  customers: number
  spaces: number
  uploads: number
  instances: number
  workers: number
  headless: boolean
  /** Keep the stack, workers and Web UI up after the run, until Ctrl+C. */
  keep: boolean
  signal: AbortSignal
}

type Out = (line: string) => void

/**
 * The embedded default, end to end: local stack and sandbox, a seeded demo world, a planned
 * distribution, workers, the migration of every instance with live progress, then the monitor's
 * overview, a verification pass and the Web UI address. Everything stops on return.
 */
export async function runDev(options: DevOptions, say: Out): Promise<number> {
  Runtime.install({
    logger: temporalLogger(createLog({ level: 'WARN', fd: 2 })),
  })
  say(`starting the local stack and the sandbox in ${options.dir} …`)
  const world = await startWorld({
    dir: options.dir,
    stack: { kind: 'embedded', headless: options.headless, install: true },
    log: say,
  })
  const stops: (() => Promise<void>)[] = []
  let dashboardUrl: string | undefined
  try {
    const { config, tables } = world
    say(
      `Temporal ${config.temporal.address}${config.temporal.uiUrl ? `, Web UI ${config.temporal.uiUrl}` : ''}; variables in ${world.envFile}`
    )
    say(
      'seeding a demo world of legacy uploads (every state, and the awkward ones) …'
    )
    const { report, uploads } = await world.seed({
      seed: DEV_WORLD.seed,
      customers: options.customers,
      spacesPerCustomer: options.spaces,
      uploadsPerSpace: options.uploads,
    })
    const seeded = uploads.length
    say(
      `seeded ${formatCount(report.customers)} customers, ${formatCount(report.spaces)} spaces, ${formatCount(seeded)} uploads`
    )

    say('\nplanning the distribution (setup-distribution) …')
    const plan = await runSetupDistribution(
      { tables, env: config.env },
      {
        instances: options.instances,
        yes: true,
        outDir: join(options.dir, 'migration-state'),
      },
      { write: (t) => process.stdout.write(t), isTTY: false }
    )
    if (plan.outcome !== 'written')
      throw new Error(`distribution ${plan.outcome}`)
    if (options.keep) {
      const dashboard = await startDevDashboard(world)
      stops.push(() => dashboard.close())
      dashboardUrl = dashboard.url
      say(`\nDashboard: ${dashboard.url}`)
    }

    for (let i = 0; i < options.workers; i++)
      await world.startWorker({ reportDir: join(options.dir, 'reports') })
    say(
      `\n${options.workers} workers polling ${config.temporal.taskQueue}; reports in ${join(options.dir, 'reports')}`
    )

    const client = await world.temporalClient()
    const handles: WorkflowHandle[] = []
    for (let n = 1; n <= options.instances; n++) {
      const migration = instancePlan('full', String(n))
      const started = await startOrAttach(
        client,
        config.temporal.taskQueue,
        await workflowOf(migration, config.env, tables)
      )
      say(
        `started ${started.workflowId}${workflowLink(config.temporal, started.workflowId) ? `\n  ${workflowLink(config.temporal, started.workflowId)}` : ''}`
      )
      handles.push(started.handle)
    }
    const uploadsDone = async () => {
      let done = 0
      for await (const page of tables.migrationProgress.scanAll())
        for (const row of page) done += row.completedUploads
      return done
    }
    const results = await followAll(
      handles,
      { total: seeded, done: uploadsDone },
      options.signal,
      say
    )

    say('\n')
    await runMonitor(
      monitorTables(world.dynamo, world.names),
      {},
      {
        write: (t) => process.stdout.write(t),
      }
    )
    await verify(client, config, tables, results, say)
    say(`\nTemporal Web UI: ${config.temporal.uiUrl ?? '(headless)'}`)
    if (options.keep && !options.signal.aborted) {
      say(
        `\nkept running (--keep); in another shell: ENV_FILE=${world.envFile} npm run monitor -- --failed\nCtrl+C stops everything`
      )
      if (dashboardUrl) say(`Dashboard: ${dashboardUrl}`)
      await new Promise((resolve) =>
        options.signal.addEventListener('abort', resolve)
      )
    }
    return 0
  } finally {
    for (const stop of stops.reverse()) await stop()
    await world.stop()
  }
}

/** An instance's planned customers (`all`: every planned customer). */
const instancePlan = (
  mode: MigrationMode,
  instanceId: string
): MigrationPlan => ({
  mode,
  scope: {
    kind: 'instance',
    instanceId,
    source:
      instanceId === 'all' ? { kind: 'all' } : { kind: 'instance', instanceId },
  },
  onlyFailed: false,
  tuning: DEFAULT_TUNING,
})

/** One live line for all instances: uploads done (from the progress table) against the seeded total. */
async function followAll(
  handles: WorkflowHandle[],
  { total, done: uploadsDone }: { total: number; done: () => Promise<number> },
  signal: AbortSignal,
  say: Out
): Promise<InstanceResult[]> {
  const results = Promise.all(
    handles.map((h) => h.result() as Promise<InstanceResult>)
  )
  let finished = false
  void results.finally(() => (finished = true))
  const rate = new RateTracker()
  const tty = process.stdout.isTTY
  let lastPlain = 0
  while (!finished && !signal.aborted) {
    const done = await uploadsDone()
    const progress = await Promise.all(
      handles.map((h) =>
        h.query(progressQuery).catch((): Progress | undefined => undefined)
      )
    )
    const failed = progress.reduce((n, p) => n + (p?.failed ?? 0), 0)
    rate.add(Date.now(), done)
    const line = progressLine({ done, failed, total }, rate.perSecond())
    if (tty) process.stdout.write(`\r\x1b[2K${line}`)
    else if (Date.now() - lastPlain > 5_000) {
      say(line)
      lastPlain = Date.now()
    }
    await sleep(1_000)
  }
  if (signal.aborted) throw new Error('interrupted')
  const all = await results
  const done = all.reduce((n, r) => n + r.processed, 0)
  const failed = all.reduce((n, r) => n + r.failed, 0)
  if (tty) process.stdout.write('\n')
  say(
    `migrated: ${formatCount(done)} uploads processed (${formatPercent(done, total)} of ${formatCount(total)}): ${formatCount(done - failed)} migrated, ${formatCount(failed)} failed with a recorded reason`
  )
  return all
}

/** A verify-only pass over every planned customer: what the indexer now answers for. */
async function verify(
  client: Client,
  config: World['config'],
  tables: Parameters<typeof workflowOf>[2],
  migrated: InstanceResult[],
  say: Out
) {
  const plan = instancePlan('verify-only', 'all')
  const started = await startOrAttach(
    client,
    config.temporal.taskQueue,
    await workflowOf(plan, config.env, tables)
  )
  const result = (await started.handle.result()) as InstanceResult
  const processed = migrated.reduce((n, r) => n + r.processed, 0)
  say(
    `\nVerification (verify-only, writes nothing)\n${'='.repeat(70)}\n` +
      `Uploads verified: ${formatCount(result.alreadyMigrated)}/${formatCount(result.processed)} (${formatPercent(result.alreadyMigrated, result.processed)})\n` +
      `Not verified:     ${formatCount(result.failed)} (the uploads whose failures are recorded)\n` +
      `Migration run processed ${formatCount(processed)} uploads.`
  )
}
