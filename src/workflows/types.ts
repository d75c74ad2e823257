/** Workflow and activity payloads: plain JSON only (strings for DIDs, CIDs and times). */

/** What a worker says about itself; shows which host picked up a task. */
export interface WorkerDescription {
  identity: string
  /** The label on the rows it writes (`--worker-id`); absent from workers older than it. */
  label?: string
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
  /**
   * A space with at most this many uploads is migrated inside a batch activity of its customer's
   * spaces, without a workflow of its own; 0 gives every space its workflow. Absent on runs
   * started before it existed: they keep their shape.
   */
  smallSpaceUploads?: number
  /**
   * A customer whose spaces fit one listing page, each small, with at most this many uploads in
   * all, is migrated inside a batch activity of the instance's customers, without a workflow of
   * its own; 0 (or absent, on runs started before it existed) gives every customer its workflow.
   * Needs `smallSpaceUploads`: a customer's spaces are batched as small spaces are.
   */
  smallCustomerUploads?: number
}

export const DEFAULT_TUNING: Tuning = {
  uploadConcurrency: 8,
  pageSize: 100,
  spaceConcurrency: 4,
  customerConcurrency: 8,
  maxHistoryEvents: 4_000,
  heartbeatSeconds: 60,
  smallSpaceUploads: 100,
  // Opt-in: a customer a batch hands back gets its workflow only once the batch ends (README).
  smallCustomerUploads: 0,
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
  /** Visit spaces whose row says completed too (`--recheck`): else each costs one read. */
  recheck?: boolean
  /** Pause when recorded failures pass this (`--max-failure-rate`, `--max-failures`). */
  failureBudget?: FailureBudget
  tuning: Tuning
  paused?: boolean
  /** Why the migration paused itself (a service refusing it); cleared by `resume`. */
  pausedBecause?: string
}

/** When a scope's recorded failures pause the migration; either or both. */
export interface FailureBudget {
  /** Percent of the uploads processed in the scope (judged from 100 processed on). */
  maxFailurePercent?: number
  /** Failed uploads in the scope. */
  maxFailures?: number
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
  /**
   * Uploads of spaces skipped because an earlier run completed them: not in `processed`, so
   * they spend no `--limit`, but counted in a customer's completed uploads.
   */
  skipped?: number
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
  /** Where the count of the space's uploads stands, until it is done. */
  counting?: UploadCount
  /** The row said completed when this run began (`--recheck`): a partial run leaves it so. */
  wasCompleted?: boolean
  /** Where the failure budget was last armed. */
  budgetBase?: { processed: number; failed: number }
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
  /** Items read from the source for a batch, not batched yet (small-space candidates). */
  candidates?: string[]
  /** Children started and not yet reported finished. */
  running: string[]
  /** Items of the batch activity running now (a batch ends before any continue-as-new). */
  batching?: string[]
  started: number
  finished: number
  failed: number
  /** Children left to a run of the same ID started elsewhere. */
  skipped?: number
  counts: UploadCounts
  /** Uploads of children still running when the limit was reserved for them. */
  reserved?: number
  prepared?: boolean
  /** The scope's row said completed when this run began. */
  wasCompleted?: boolean
  /** Where the failure budget was last armed. */
  budgetBase?: { processed: number; failed: number }
  error?: string
  /** A child ended partial (stopped short, or uploads added behind it): so does this scope. */
  partial?: boolean
  /** Children a batch handed back, with what the batch did of them: each starts from there. */
  handedBack?: Record<string, WindowState>
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
  /** Spaces of the batch activity running now: they have rows, but no workflow to query. */
  batchedSpaces?: string[]
  /** Customers of an instance's batch activity running now: no workflow to query either. */
  batchedCustomers?: string[]
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

/**
 * Heartbeat details of a page: the root its settled prefix ends at, and the counts so far. Every
 * upload up to `lastRoot` is finished, except the ones in `attempts`, which failed transiently
 * and are tried again by the next attempt.
 */
export interface UploadPageCheckpoint {
  /** Uploads of the prefix that are finished (migrated, already migrated or recorded failed). */
  finished: number
  lastRoot?: string
  counts: Pick<UploadPageResult, 'migrated' | 'alreadyMigrated' | 'failed'>
  /** Uploads of the prefix not finished yet, each with the attempts charged to its budget. */
  attempts?: Record<string, number>
  /** Uploads of the prefix migrated but not verified yet, with what they count as once verified. */
  unverified?: Record<string, 'migrated' | 'alreadyMigrated'>
}

export interface BeginSpaceInput {
  customer: string
  space: string
  instanceId?: string
  /** Mark the row in progress. */
  track: boolean
  /** A row that says completed ends the space here, at the cost of this one read. */
  skipCompleted?: boolean
  /** Count the uploads (not for one upload, nor for the failed ones). */
  count?: boolean
  authorizeGateway: boolean
  onlyFailed?: boolean
}

/** A count of a space's uploads so far; `cursor` is where it goes on, absent once it is done. */
export interface UploadCount {
  counted: number
  cursor?: string
}

export interface BeginSpaceResult {
  /** The first page of the count: a large space goes on counting while its pages run. */
  count?: UploadCount
  totalUploads: number
  completedUploads: number
  gateway: GatewayOutcome
  /** The row said completed: nothing to do (its counts are the row's). */
  skipped?: boolean
  /** The row said completed, and a recheck visits it anyway. */
  wasCompleted?: boolean
}

export interface CountSpaceInput {
  customer: string
  space: string
  from: UploadCount
  /** Write the total on the space's row. */
  track: boolean
}

export interface FinishSpaceInput {
  customer: string
  space: string
  status: 'completed' | 'failed' | 'pending'
  /** Left as it is when absent (a retry of failures counts only those). */
  completedUploads?: number
  error?: string
  /**
   * Count the uploads again, after a pass over all of them: uploads added behind the pass's
   * cursor while it ran leave a completed space pending, for the next run to take.
   */
  recount?: boolean
}

export interface FinishSpaceResult {
  /** Uploads found by the recount beyond those processed. */
  added: number
}

export interface PrepareCustomerInput {
  customer: string
  instanceId?: string
  track: boolean
  createMigrationSpace: boolean
}

export interface PrepareCustomerResult {
  migrationSpace?: string
  /** The customer's row said completed: a run that stops short leaves it so. */
  wasCompleted?: boolean
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
  /** Items of the page that need no child: already finished (a completed space, skipped). */
  finished?: ChildFinished[]
}

export interface ListSpacesInput extends ListPageInput {
  customer: string
  /** Report spaces whose row says completed as finished instead of listing them. */
  skipCompleted?: boolean
  /** Only the spaces that have failure rows (`--retry-failed`). */
  onlyFailed?: boolean
}

/** A batch of a customer's spaces, each small one migrated in the batch itself. */
export interface SmallSpacesInput {
  customer: string
  spaces: string[]
  instanceId?: string
  /** The run's upload steps; none for a mode that only authorizes the gateway. */
  steps?: UploadStepMode
  track: boolean
  skipCompleted: boolean
  authorizeGateway: boolean
  /** A space with more uploads is handed back for a space workflow of its own. */
  smallSpaceUploads: number
  pageSize: number
  uploadConcurrency: number
  /** Spaces migrated at once. */
  spaceConcurrency: number
}

export interface SmallSpacesResult {
  /** Spaces finished in the batch, each as its space workflow would have reported it. */
  finished: ChildFinished[]
  /** Spaces too large for the batch: read, never written; each needs a space workflow. */
  large: string[]
  /** A service refused the migration: why, and the spaces not finished (to run after resume). */
  refused?: { reason: string; rest: string[] }
}

/** Heartbeat details of a batch: what a retried attempt resumes from. */
export interface SmallSpacesCheckpoint {
  finished: ChildFinished[]
  large: string[]
  /** Spaces begun and not finished, each with where it stands. */
  running: Record<string, SmallSpaceState>
}

export interface SmallSpaceState {
  gateway: GatewayOutcome
  wasCompleted?: boolean
  counts: UploadCounts
  cursor?: string
  /** Every page is done: only the space's last step is left. */
  passed?: boolean
  /** The checkpoint of the page in flight. */
  page?: UploadPageCheckpoint
}

/** A batch of an instance's customers, each small one migrated in the batch itself. */
export interface SmallCustomersInput {
  customers: string[]
  instanceId?: string
  steps?: UploadStepMode
  track: boolean
  skipCompleted: boolean
  authorizeGateway: boolean
  /** Get or create each customer's migration space (a mode that writes indexes). */
  createMigrationSpace: boolean
  smallSpaceUploads: number
  /** A customer with more uploads in all is handed back for a customer workflow. */
  smallCustomerUploads: number
  /** Spaces listed at once: a customer with more is handed back. */
  spacesPerPage: number
  pageSize: number
  uploadConcurrency: number
  spaceConcurrency: number
  /** Customers migrated at once. */
  customerConcurrency: number
}

export interface SmallCustomersResult {
  /** Customers finished in the batch, each as its customer workflow would have reported it. */
  finished: ChildFinished[]
  /**
   * Customers that need a workflow (a large space, more spaces than a page, an error to isolate,
   * a refusal met), each with its window as the batch left it: prepared, its finished spaces
   * counted, the spaces to run; the workflow starts from there and writes nothing twice.
   */
  handedBack: Record<string, WindowState>
  /** A service refused the migration: why, and the customers not begun (to batch after resume). */
  refused?: { reason: string; rest: string[] }
}

/** Heartbeat details of a batch of customers: what a retried attempt resumes from. */
export interface SmallCustomersCheckpoint {
  finished: ChildFinished[]
  handedBack: Record<string, WindowState>
  /** Customers begun and not settled, each with where it stands. */
  running: Record<string, SmallCustomerState>
}

export interface SmallCustomerState {
  /** The customer's row said completed when the batch prepared it. */
  wasCompleted?: boolean
  /** Its spaces (one page), once listed. */
  spaces?: string[]
  /** Where the batch of its spaces stands, once its spaces run. */
  batch?: SmallSpacesCheckpoint
}
