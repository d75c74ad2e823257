import {
  createMigrationWorker,
  type WorkerTuning,
} from '../../workers/migration-worker.js'
import type { WorkerConfig } from '../../workers/worker-needs.js'

export type { WorkerConfig } from '../../workers/worker-needs.js'

/** A migration worker polling in this process. */
export interface InProcessWorker {
  identity: string
  taskQueue: string
  /** Settles when the worker stops, and rejects when it fails: race it with any wait. */
  running: Promise<void>
  /** Drains within the tuning's grace time and waits until the worker has stopped. */
  stop(): Promise<void>
}

/** The production worker (`createMigrationWorker`), running from now on. */
export async function startInProcessWorker(
  config: WorkerConfig,
  tuning: WorkerTuning
): Promise<InProcessWorker> {
  const created = await createMigrationWorker(config, tuning)
  const running = created.run()
  // Whoever awaits `running` sees the failure; a worker nobody waits for must not crash the process.
  running.catch(() => {})
  return {
    identity: created.identity,
    taskQueue: created.taskQueue,
    running,
    async stop() {
      if (created.worker.getState() === 'RUNNING') created.worker.shutdown()
      await running
    },
  }
}
