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

import type { FailureReason } from '../failures/reasons.js'

export {
  MIGRATION_MODES,
  type MigrationMode,
  type UploadMode as UploadStepMode,
} from '../migration/modes.js'
import type {
  MigrationMode,
  UploadMode as UploadStepMode,
} from '../migration/modes.js'

/** Knobs an operator can change on a running migration; they flow down to every child. */
export interface Tuning {
  /** Uploads migrated at once within a page. */
  uploadConcurrency: number
  /** Uploads per page activity. */
  pageSize: number
  /** Space workflows a customer runs at once. */
  spaceConcurrency: number
  /** Customer workflows an instance runs at once. */
  customerConcurrency: number
  /** A run continues as new once its history reaches this many events. */
  maxHistoryEvents: number
  /** A page whose worker is silent this long is retried on another worker. */
  heartbeatSeconds: number
}

export const DEFAULT_TUNING: Tuning = {
  uploadConcurrency: 8,
  pageSize: 100,
  spaceConcurrency: 4,
  customerConcurrency: 8,
  maxHistoryEvents: 4_000,
  heartbeatSeconds: 60,
}

/** What every migration workflow shares: where it runs, how, and how far it may go. */
export interface MigrationRun {
  env: string
  mode: MigrationMode
  instanceId?: string
  /** Migrate at most this many uploads in all (the original's `--limit`); never marks a partial scope completed. */
  limit?: number
  /** Only the uploads recorded as failed (`--retry-failed`). */
  onlyFailed?: boolean
  tuning: Tuning
  paused?: boolean
  /** Why the migration paused itself (a service refusing it); cleared by `resume`. */
  pausedBecause?: string
}

/** The failure type of a page a service refused (the page activity throws it non-retryable). */
export const SERVICE_REFUSAL = 'ServiceUnavailable'

/** An outside service refusing the migration, as a space found out. */
export interface Refusal {
  reason: string
  /** The workflow that found out. */
  from: string
}

/** Counts of uploads processed; `processed` = migrated + alreadyMigrated + failed. */
export interface UploadCounts {
  processed: number
  migrated: number
  alreadyMigrated: number
  failed: number
}

export const NO_UPLOADS: UploadCounts = {
  processed: 0,
  migrated: 0,
  alreadyMigrated: 0,
  failed: 0,
}

/** `partial`: stopped by the limit before the end; `failed`: some uploads or a space step failed. */
export type ScopeStatus = 'completed' | 'partial' | 'failed' | 'skipped'

/** Who to tell when a child finishes (its parent, which may have continued as new since). */
export interface ParentRef {
  workflowId: string
}

export interface SpaceInput extends MigrationRun {
  customer: string
  space: string
  /** One upload only (`--cid`). */
  root?: string
  parent?: ParentRef
  /** Carried across continue-as-new. */
  state?: SpaceState
}

export interface SpaceState {
  cursor?: string
  counts: UploadCounts
  totalUploads: number
  gateway?: GatewayOutcome
  lastProcessedUpload?: string
  runs: number
}

export interface GatewayOutcome {
  status: 'authorized' | 'already' | 'failed' | 'skipped'
  error?: string
  /** Why it failed, as a failure code (`MISSING_DELEGATION`, `GATEWAY_AUTH_FAILED`). */
  reason?: FailureReason
}

export interface SpaceResult extends UploadCounts {
  space: string
  status: ScopeStatus
  totalUploads: number
  gateway: GatewayOutcome
  error?: string
}

export interface CustomerInput extends MigrationRun {
  customer: string
  /** Only these spaces (`--space`); else every space of the customer. */
  spaces?: string[]
  root?: string
  parent?: ParentRef
  state?: WindowState
}

export interface CustomerResult extends UploadCounts {
  customer: string
  status: ScopeStatus
  spaces: number
  spacesFailed: number
  error?: string
}

/** Where an instance's customers come from. */
export type CustomerSource =
  | { kind: 'list'; customers: string[] }
  | { kind: 'instance'; instanceId: string }
  | { kind: 'all' }

export interface InstanceInput extends MigrationRun {
  source: CustomerSource
  state?: WindowState
}

export interface InstanceResult extends UploadCounts {
  status: ScopeStatus
  customers: number
  customersFailed: number
}

/** A sliding window's position: carried across continue-as-new. */
export interface WindowState {
  cursor?: string
  exhausted: boolean
  /** Items read from the source but not started yet. */
  pending: string[]
  /** Children started and not yet reported finished. */
  running: string[]
  started: number
  finished: number
  failed: number
  /** Children left to a run of the same ID started elsewhere. */
  skipped?: number
  counts: UploadCounts
  /** Uploads of children still running when the limit was reserved for them. */
  reserved?: number
  prepared?: boolean
  error?: string
  runs: number
}

/** What a finished child tells its parent. */
export interface ChildFinished extends UploadCounts {
  key: string
  status: ScopeStatus
}

/** Live progress, as the `progress` query returns it. */
export interface Progress extends UploadCounts {
  scope: 'instance' | 'customer' | 'space'
  paused: boolean
  /** Why the migration paused itself, when it did (a service refusing it). */
  pausedBecause?: string
  tuning: Tuning
  totalUploads?: number
  running?: number
  /** Workflow IDs of the children running now (for control to reach them). */
  runningChildren?: string[]
  started?: number
  finished?: number
  runs: number
}

/** One page of a space's uploads to migrate; `cursor` is the last root of the previous page. */
export interface UploadPageInput {
  customer: string
  space: string
  cursor?: string
  pageSize: number
  concurrency: number
  mode: UploadStepMode
  instanceId?: string
  /** Read the failures table instead of the upload table. */
  onlyFailed?: boolean
  /** This one upload only. */
  root?: string
  /** Mirror progress on the space's row, counting from this. */
  progress?: { completedUploads: number }
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

/** Heartbeat details of a page: the root its finished prefix ends at, and the counts so far. */
export interface UploadPageCheckpoint {
  finished: number
  lastRoot?: string
  counts: Pick<UploadPageResult, 'migrated' | 'alreadyMigrated' | 'failed'>
}

export interface BeginSpaceInput {
  customer: string
  space: string
  instanceId?: string
  /** Count the uploads and mark the row in progress. */
  track: boolean
  authorizeGateway: boolean
  onlyFailed?: boolean
}

export interface BeginSpaceResult {
  totalUploads: number
  completedUploads: number
  gateway: GatewayOutcome
}

export interface FinishSpaceInput {
  customer: string
  space: string
  status: 'completed' | 'failed' | 'pending'
  /** Left as it is when absent (a retry of failures counts only those). */
  completedUploads?: number
  error?: string
}

export interface PrepareCustomerInput {
  customer: string
  instanceId?: string
  track: boolean
  createMigrationSpace: boolean
}

export interface PrepareCustomerResult {
  migrationSpace?: string
  /** Set by runs before the migration space stopped blocking its customer; still replayed. */
  error?: string
  /**
   * Why the customer's migration space cannot be used (an unreadable row): its spaces still run,
   * and each upload that needs an index fails with SPACE_INFO_MISSING, while claims and the
   * gateway authorization, which do not need the space, go ahead.
   */
  migrationSpaceUnusable?: string
}

export interface RecordCustomerInput {
  customer: string
  instanceId?: string
  status: 'in-progress' | 'completed' | 'failed' | 'pending'
  completedSpaces: number
  completedUploads: number
  error?: string
}

/**
 * A pause shown on (or, without `pausedBecause`, cleared from) a customer's row, or a space's
 * when `space` is given, so that `monitor` shows it; only rows that exist are written.
 */
export interface RecordPauseInput {
  customer: string
  space?: string
  pausedBecause?: string
  /** When the refusal was found (workflow time). */
  at: string
}

export interface ListPageInput {
  cursor?: string
  pageSize: number
}

export interface ListPageResult {
  items: string[]
  cursor?: string
}
