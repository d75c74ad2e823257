import { Runtime } from '@temporalio/worker'
import type { ArgumentsCamelCase, Argv } from 'yargs'
import { loadConfigOrExit } from '../config/load-or-exit.js'
import { jsonLogger } from './json-logger.js'
import { parseRateLimits, RateLimitError } from './service-rate-limits.js'
import { createMigrationWorker } from './migration-worker.js'
import type { workerFlags } from './worker-flags.js'

export type WorkerArgs = ArgumentsCamelCase<
  ReturnType<typeof workerFlags<object>> extends Argv<infer A> ? A : never
>

/** Runs this host's worker until SIGINT/SIGTERM, which lets running pages checkpoint first. */
export async function runWorker(args: WorkerArgs): Promise<void> {
  let limits
  try {
    limits = parseRateLimits(args.rateLimit)
  } catch (err) {
    if (!(err instanceof RateLimitError)) throw err
    console.error(`error: ${err.message}`)
    process.exit(2)
  }
  const config = loadConfigOrExit([
    'temporal',
    'dynamo',
    'services',
    'publishing',
    'signing',
  ])
  Runtime.install({
    logger: jsonLogger(args.logLevel),
    ...(args.metricsPort
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: { bindAddress: `0.0.0.0:${args.metricsPort}` },
            },
          },
        }
      : {}),
  })
  const worker = await createMigrationWorker(config, {
    taskQueue: args.taskQueue,
    maxConcurrentActivities: args.maxConcurrentActivities,
    maxConcurrentWorkflowTasks: args.maxConcurrentWorkflowTasks,
    maxActivitiesPerSecond: args.maxActivitiesPerSecond,
    taskQueueActivitiesPerSecond: args.taskQueueActivitiesPerSecond,
    shutdownGraceSeconds: args.shutdownGrace,
    workflowBundle: args.workflowBundle,
    reportDir: args.reportDir,
    rateLimits: limits,
  })
  console.log(
    `worker ${worker.identity} polling ${worker.taskQueue} on ${config.temporal.address} (${config.temporal.namespace}, STORACHA_ENV=${config.env})` +
      (args.metricsPort ? `, metrics on :${args.metricsPort}/metrics` : '')
  )
  await worker.run()
}
