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

/** One page of a space's uploads to migrate; `cursor` is the last root of the previous page. */
export interface UploadPageInput {
  customer: string
  space: string
  cursor?: string
  pageSize: number
  concurrency: number
  mode: 'full' | 'index' | 'location-claims' | 'verify-only' | 'repair'
  instanceId?: string
}

export interface UploadPageResult {
  processed: number
  migrated: number
  alreadyMigrated: number
  failed: number
  /** The cursor of the next page; absent after the last one. */
  nextCursor?: string
  lastProcessedUpload?: string
}

/** Heartbeat details of a page: how many of its uploads are done, in order, and the counts so far. */
export interface UploadPageCheckpoint {
  finished: number
  counts: Pick<UploadPageResult, 'migrated' | 'alreadyMigrated' | 'failed'>
}
