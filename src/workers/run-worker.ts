import { Runtime } from '@temporalio/worker'
import type { ArgumentsCamelCase, Argv } from 'yargs'
import { loadConfigOrExit } from '../config/load-or-exit.js'
import { secretValues } from '../config/secret-values.js'
import { isBadInput } from '../failures/index.js'
import { histogramBuckets } from '../metrics/catalog.js'
import { followParent } from './follow-parent.js'
import { createLog } from './log.js'
import { createMigrationWorker } from './migration-worker.js'
import { checkProcesses, processSlot, shareOf } from './process-share.js'
import { runHost } from './run-host.js'
import { parseRateLimits } from './service-rate-limits.js'
import { temporalLogger } from './temporal-logger.js'
import type { workerFlags } from './worker-flags.js'
import { WORKER_NEEDS } from './worker-needs.js'

export type WorkerArgs = ArgumentsCamelCase<
  ReturnType<typeof workerFlags<object>> extends Argv<infer A> ? A : never
>

/**
 * Runs this host's worker until SIGINT/SIGTERM, which lets running pages checkpoint first; with
 * `--processes N` (N > 1), N worker processes, each with its share of the host's limits.
 */
export async function runWorker(args: WorkerArgs): Promise<void> {
  const { limits, processes, slot } = parseOrExit(args)
  const config = loadConfigOrExit(WORKER_NEEDS)
  if (!slot && processes > 1) {
    process.exitCode = await runHost({
      processes,
      shutdownGraceSeconds: args.shutdownGrace,
      log: createLog({ level: args.logLevel, file: args.logFile }),
    })
    return
  }
  const host = {
    rateLimits: limits,
    maxActivitiesPerSecond: args.maxActivitiesPerSecond,
    metricsPort: args.metricsPort,
  }
  const share = slot ? shareOf(host, slot) : host
  const log = createLog({
    level: args.logLevel,
    file: args.logFile,
    secrets: secretValues(),
  })
  Runtime.install({
    logger: temporalLogger(log),
    telemetryOptions: {
      // The SDK core's own lines (WARN and up) through pino too, instead of its console format.
      logging: { forward: {} },
      ...(share.metricsPort
        ? {
            metrics: {
              prometheus: {
                bindAddress: `0.0.0.0:${share.metricsPort}`,
                histogramBucketOverrides: histogramBuckets(),
              },
            },
          }
        : {}),
    },
  })
  if (slot) followParent()
  const worker = await createMigrationWorker(config, {
    taskQueue: args.taskQueue,
    maxConcurrentActivities: args.maxConcurrentActivities,
    maxConcurrentWorkflowTasks: args.maxConcurrentWorkflowTasks,
    maxActivitiesPerSecond: share.maxActivitiesPerSecond,
    taskQueueActivitiesPerSecond: args.taskQueueActivitiesPerSecond,
    shutdownGraceSeconds: args.shutdownGrace,
    workflowBundle: args.workflowBundle,
    reportDir: args.reportDir,
    rateLimits: share.rateLimits,
    workerId: args.workerId,
    log,
  })
  console.log(
    `worker ${worker.identity} polling ${worker.taskQueue} on ${config.temporal.address} (${config.temporal.namespace}, STORACHA_ENV=${config.env})` +
      (slot ? `, process ${slot.index} of ${slot.count}` : '') +
      (share.metricsPort ? `, metrics on :${share.metricsPort}/metrics` : '')
  )
  await worker.run()
}

/** The flags that can be wrong before anything starts: a message and exit status 2. */
function parseOrExit(args: WorkerArgs) {
  try {
    return {
      limits: parseRateLimits(args.rateLimit),
      processes: checkProcesses(args.processes),
      slot: processSlot(),
    }
  } catch (err) {
    if (!isBadInput(err)) throw err
    console.error(`error: ${err.message}`)
    process.exit(2)
  }
}
