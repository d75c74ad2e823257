import { describeWorker } from './describe-worker.js'
import type { ActivityDeps } from './ports.js'

export type { ActivityDeps } from './ports.js'

/** Every activity, bound to the dependencies the worker built once. */
export const createActivities = (deps: ActivityDeps) => ({
  describeWorker: describeWorker(deps),
})

export type Activities = ReturnType<typeof createActivities>
