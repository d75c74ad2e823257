// Apart from migration-worker.ts so that the CLI defines the worker's flags without loading the
// worker runtime.

import type { Logger } from 'pino'
import type { LimitableService } from './service-rate-limits.js'

/** Per-host tuning; `taskQueueActivitiesPerSecond` is enforced by the server across every host. */
export interface WorkerTuning {
  taskQueue?: string
  /** Pages (and other activities) this host runs at once. */
  maxConcurrentActivities: number
  maxConcurrentWorkflowTasks: number
  maxActivitiesPerSecond?: number
  taskQueueActivitiesPerSecond?: number
  /** How long a shutting-down worker lets pages run (and checkpoint) before cancelling them. */
  shutdownGraceSeconds: number
  /** A prebuilt workflow bundle (`npm run build` or `build:workflows`); else workflows are bundled at start. */
  workflowBundle?: string
  timeoutMs?: number
  /** Append per-upload outcomes here as JSON lines. */
  reportDir?: string
  /** The label on the rows this worker writes (`--worker-id`); else its Temporal identity. */
  workerId?: string
  /** Requests per second this host may send to each named service (`--rate-limit`). */
  rateLimits?: Map<LimitableService, number>
  /** Where pages log their start, end and recorded failures; no page lines when unset. */
  log?: Logger
}

export const DEFAULT_WORKER_TUNING: WorkerTuning = {
  maxConcurrentActivities: 20,
  maxConcurrentWorkflowTasks: 10,
  shutdownGraceSeconds: 30,
}
