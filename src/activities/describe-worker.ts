import { hostname } from 'node:os'
import type { WorkerDescription } from '../workflows/types.js'
import type { ActivityDeps } from './ports.js'

export const describeWorker =
  ({ worker }: Pick<ActivityDeps, 'worker'>) =>
  async (): Promise<WorkerDescription> => ({
    identity: worker.identity,
    label: worker.label,
    hostname: hostname(),
    pid: process.pid,
    env: worker.env,
    taskQueue: worker.taskQueue,
    nodeVersion: process.version,
  })
