import type { MigrationRun } from './types.js'

/** What a parent hands down to each child of the run, besides its controls and scope. */
export const childRun = (run: MigrationRun) => ({
  env: run.env,
  mode: run.mode,
  instanceId: run.instanceId,
  onlyFailed: run.onlyFailed,
  recheck: run.recheck,
  failureBudget: run.failureBudget,
})
