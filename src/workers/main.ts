import { Runtime } from '@temporalio/worker'
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { loadConfigOrExit } from '../config/load-or-exit.js'
import { jsonLogger } from './json-logger.js'
import { createMigrationWorker } from './migration-worker.js'
import { workerFlags } from './worker-flags.js'

/** A worker process: one per host, polling the configured task queue until SIGINT/SIGTERM drains it. */
async function main() {
  const args = await workerFlags(yargs(hideBin(process.argv)))
    .strict()
    .help()
    .parse()
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
  })
  console.log(
    `worker ${worker.identity} polling ${worker.taskQueue} on ${config.temporal.address} (${config.temporal.namespace}, STORACHA_ENV=${config.env})` +
      (args.metricsPort ? `, metrics on :${args.metricsPort}/metrics` : '')
  )
  await worker.run()
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
