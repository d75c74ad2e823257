/** Workflow and activity payloads: plain JSON only (strings for DIDs, CIDs and times). */

/** What a worker says about itself; shows which host picked up a task. */
export interface WorkerDescription {
  identity: string
  hostname: string
  pid: number
  env: string
  taskQueue: string
  nodeVersion: string
}

export interface PreflightInput {
  /** The environment the caller expects the workers to serve; a mismatch fails the check. */
  env: string
}

export interface PreflightResult {
  workflowId: string
  worker: WorkerDescription
}
