import { existsSync } from 'node:fs'
import { hostname } from 'node:os'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NativeConnection, Runtime, Worker } from '@temporalio/worker'
import { createActivities } from '../activities/index.js'
import { fileOutcomeReport } from '../activities/outcome-report.js'
import type { ConfigWith } from '../config/types.js'
import { temporalConnectionOptions } from '../config/temporal-connection.js'
import { createMigrationMetrics } from '../metrics/migration-metrics.js'
import { connectionsFor, createDeps } from './deps.js'
import { meteredPages } from './metered-pages.js'
import { countedOutcomes } from './outcome-metrics.js'
import { DEFAULT_WORKER_TUNING, type WorkerTuning } from './worker-tuning.js'

const workflowsPath = fileURLToPath(
  new URL(`../workflows/index${extname(import.meta.url)}`, import.meta.url)
)

export { DEFAULT_WORKER_TUNING, type WorkerTuning } from './worker-tuning.js'

/**
 * A worker that runs every migration workflow and activity, with its ports built once from
 * configuration. `run()` polls until SIGINT/SIGTERM, then drains within the grace time. Its
 * application metrics go to the runtime's meter: served on `/metrics` when the runtime has a
 * Prometheus exporter (`worker --metrics-port`), a no-op otherwise.
 */
export async function createMigrationWorker(
  config: ConfigWith<
    'dynamo' | 'services' | 'publishing' | 'signing' | 'temporal'
  >,
  tuning: WorkerTuning = DEFAULT_WORKER_TUNING
) {
  const taskQueue = tuning.taskQueue ?? config.temporal.taskQueue
  const host = `${hostname()}:${process.pid}`
  const label = tuning.workerId?.trim() || host
  // The Web UI shows which worker ran a task: the operator's label first, then the process.
  const identity = tuning.workerId ? `${label}@${host}` : host
  const metrics = createMigrationMetrics(Runtime.instance().metricMeter)
  const { ports, close } = await createDeps(config, {
    metrics,
    timeoutMs: tuning.timeoutMs,
    rateLimits: tuning.rateLimits,
    connectionsPerOrigin: connectionsFor(tuning.maxConcurrentActivities),
  })
  const connection = await NativeConnection.connect(
    temporalConnectionOptions(config.temporal)
  ).catch(async (err: unknown) => {
    await close()
    throw err
  })
  const bundle = tuning.workflowBundle
  if (bundle !== undefined && !existsSync(bundle))
    throw new Error(`workflow bundle ${bundle} does not exist`)
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    identity,
    ...(bundle ? { workflowBundle: { codePath: bundle } } : { workflowsPath }),
    activities: meteredPages(
      createActivities({
        worker: { identity, label, env: config.env, taskQueue },
        migration: ports,
        log: tuning.log,
        report: countedOutcomes(
          metrics,
          tuning.reportDir
            ? fileOutcomeReport(tuning.reportDir, config.env)
            : undefined
        ),
      }),
      metrics
    ),
    maxConcurrentActivityTaskExecutions: tuning.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: tuning.maxConcurrentWorkflowTasks,
    maxActivitiesPerSecond: tuning.maxActivitiesPerSecond,
    maxTaskQueueActivitiesPerSecond: tuning.taskQueueActivitiesPerSecond,
    shutdownGraceTime: `${tuning.shutdownGraceSeconds} seconds`,
  })
  return {
    worker,
    identity,
    taskQueue,
    async run() {
      try {
        await worker.run()
      } finally {
        await connection.close()
        await close()
      }
    },
  }
}
