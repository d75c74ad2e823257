import { availableParallelism } from 'node:os'
import type { Argv } from 'yargs'
import { DEFAULT_WORKER_TUNING } from './worker-tuning.js'

/** The worker's tuning flags; shared with the CLI's `worker` command. */
export function workerFlags<T>(argv: Argv<T>) {
  return argv
    .option('task-queue', {
      type: 'string',
      describe: 'Task queue to poll (default: TEMPORAL_TASK_QUEUE)',
    })
    .option('worker-id', {
      type: 'string',
      describe:
        "A label for the rows this worker writes (workerId on migration-progress and migration-failures), which monitor groups by, as the original's --worker-id; every process of the host takes it (default: <hostname>:<pid>)",
    })
    .option('processes', {
      type: 'number',
      default: availableParallelism(),
      defaultDescription: 'the number of cores',
      describe:
        'Worker processes on this host; they divide its rate limits among themselves',
    })
    .option('max-concurrent-activities', {
      type: 'number',
      default: DEFAULT_WORKER_TUNING.maxConcurrentActivities,
      describe: 'Pages each worker process migrates at once',
    })
    .option('max-concurrent-workflow-tasks', {
      type: 'number',
      default: DEFAULT_WORKER_TUNING.maxConcurrentWorkflowTasks,
    })
    .option('max-activities-per-second', {
      type: 'number',
      describe: 'Page starts per second on this host (shared by its processes)',
    })
    .option('task-queue-activities-per-second', {
      type: 'number',
      describe: 'Page starts per second across every host (server-enforced)',
    })
    .option('shutdown-grace', {
      type: 'number',
      default: DEFAULT_WORKER_TUNING.shutdownGraceSeconds,
      describe: 'Seconds a stopping worker lets pages finish',
    })
    .option('workflow-bundle', {
      type: 'string',
      describe:
        'Prebuilt workflow bundle (dist/workflow-bundle.js of npm run build)',
    })
    .option('rate-limit', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe:
        "Cap this host's requests to a service: name=perSecond (indexer, index-worker, upload-service, gateway, carpark); give each host its share, its processes divide it",
    })
    .option('report-dir', {
      type: 'string',
      describe:
        'Append per-upload outcomes here as JSON lines (one file per instance and day)',
    })
    .option('metrics-port', {
      type: 'number',
      describe:
        'Serve Prometheus metrics on this port (worker process i of N on port + i - 1)',
    })
    .option('log-level', {
      choices: ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const,
      default: 'INFO' as const,
      describe:
        'JSON log lines at this level and above (INFO: a start and an end line per page, one per recorded failure)',
    })
    .option('log-file', {
      type: 'string',
      describe: 'Append the JSON log lines to this file instead of stdout',
    })
}
