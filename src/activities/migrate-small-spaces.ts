import {
  activityInfo,
  cancellationSignal,
  heartbeat,
} from '@temporalio/activity'
import { ApplicationFailure, CancelledFailure } from '@temporalio/common'
import { isPermanent } from '../failures/index.js'
import {
  type BeginSpaceInput,
  type BeginSpaceResult,
  type ChildFinished,
  type FinishSpaceInput,
  type FinishSpaceResult,
  NO_UPLOADS,
  SERVICE_REFUSAL,
  type SmallSpaceState,
  type SmallSpacesCheckpoint,
  type SmallSpacesInput,
  type SmallSpacesResult,
  type UploadCounts,
} from '../workflows/types.js'
import { runWithFinishedPrefix } from './bounded-prefix.js'
import { runUploadPage, type UploadPagePorts } from './migrate-upload-page.js'
import { activityScope, type Logger } from './page-log.js'
import type { ActivityDeps } from './ports.js'
import {
  closeSpace,
  lookAtSpace,
  type SpaceLook,
  skippedSpace,
  startSpace,
} from './space-steps.js'
import { toFailure } from './to-failure.js'
import { uploadPagePorts } from './upload-page-ports.js'

/** What the batch needs: a space's first and last steps, its pause on the row, and its pages. */
export interface SmallSpacesPorts {
  look(input: BeginSpaceInput): Promise<SpaceLook>
  start(input: BeginSpaceInput, look: SpaceLook): Promise<BeginSpaceResult>
  /** `beat` keeps the batch alive through a recount, without the count's own checkpoint. */
  finish(input: FinishSpaceInput, beat: () => void): Promise<FinishSpaceResult>
  showPause(customer: string, space: string, reason: string): Promise<void>
  page: UploadPagePorts
}

/** Where a batch runs: its resumed checkpoint, and how it heartbeats and learns it is cancelled. */
export interface BatchContext {
  resumed?: SmallSpacesCheckpoint
  heartbeat(checkpoint: SmallSpacesCheckpoint): void
  cancelled(): boolean
  heartbeatTimeoutMs?: number
  /** When the batch's first attempt was scheduled (rows completed since may be its own work). */
  scheduledAtMs?: number
  /** The batch activity's log, scoped to it; each page logs there. */
  log?: Logger
}

/**
 * A batch of a customer's spaces in one activity, so that a small space costs no workflow of its
 * own: each space gets what its space workflow would do (`beginSpace`, its pages through the page
 * core, `finishSpace`), `spaceConcurrency` at once. A space whose first count page shows more than
 * `smallSpaceUploads` uploads is handed back before anything is written, so that its workflow
 * begins it exactly as today. The checkpoint names the spaces finished (with their results) and,
 * for each space in flight, its counts, cursor and page checkpoint: a retry resumes there and
 * counts nothing twice. A space failing for good ends failed, as its workflow would; one failing
 * transiently (a parked poison upload) lets the others finish, then fails the batch retryably, so
 * the retry resumes its page within the upload's attempt budget. A service refusing the migration
 * returns the spaces finished and the rest, for the customer to pause and run after the resume.
 */
export const migrateSmallSpaces =
  (ports: SmallSpacesPorts) =>
  async (input: SmallSpacesInput): Promise<SmallSpacesResult> => {
    const info = activityInfo()
    try {
      return await runSmallSpaces(ports, input, {
        resumed: info.heartbeatDetails as SmallSpacesCheckpoint | undefined,
        log: ports.page.log?.child(activityScope(info)),
        heartbeat: (checkpoint) => heartbeat(checkpoint),
        cancelled: () => cancellationSignal().aborted,
        heartbeatTimeoutMs: info.heartbeatTimeoutMs,
        scheduledAtMs: info.scheduledTimestampMs,
      })
    } catch (err) {
      if (err instanceof ApplicationFailure || err instanceof CancelledFailure)
        throw err
      throw toFailure(err)
    }
  }

export async function runSmallSpaces(
  ports: SmallSpacesPorts,
  input: SmallSpacesInput,
  context: BatchContext
): Promise<SmallSpacesResult> {
  const at: SmallSpacesCheckpoint = structuredClone(
    context.resumed ?? { finished: [], large: [], running: {} }
  )
  const beat = () => context.heartbeat(structuredClone(at))
  const settled = () => new Set([...at.finished.map((f) => f.key), ...at.large])
  const before = settled()
  const retryable: unknown[] = []
  let refusal: { reason: string; space: string } | undefined
  await runWithFinishedPrefix(
    input.spaces.filter((space) => !before.has(space)),
    input.spaceConcurrency,
    async (space) => {
      try {
        await migrateSpace(ports, input, context, at, beat, space)
      } catch (err) {
        if (err instanceof CancelledFailure) throw err
        const reason = refusalOf(err)
        if (reason !== undefined) refusal ??= { reason, space }
        else if (permanent(err))
          await failSpace(ports, input, at, beat, space, err)
        else retryable.push(err)
        beat()
      }
    },
    () => undefined,
    () => refusal !== undefined || context.cancelled()
  )
  if (context.cancelled())
    throw new CancelledFailure('batch attempt cancelled; its checkpoint stands')
  const result = { finished: at.finished, large: at.large }
  if (refusal) {
    if (input.track)
      await ports.showPause(input.customer, refusal.space, refusal.reason)
    const done = settled()
    const rest = input.spaces.filter((space) => !done.has(space))
    return { ...result, refused: { reason: refusal.reason, rest } }
  }
  if (retryable.length > 0) throw retryable[0]
  return result
}

async function migrateSpace(
  ports: SmallSpacesPorts,
  input: SmallSpacesInput,
  context: BatchContext,
  at: SmallSpacesCheckpoint,
  beat: () => void,
  space: string
): Promise<void> {
  const state =
    at.running[space] ??
    (await begin(ports, input, at, space, context.scheduledAtMs))
  beat()
  if (!state) return
  while (!state.passed && input.steps) {
    const page = await runUploadPage(
      ports.page,
      {
        customer: input.customer,
        space,
        cursor: state.cursor,
        pageSize: input.pageSize,
        concurrency: input.uploadConcurrency,
        mode: input.steps,
        instanceId: input.instanceId,
        progress: input.track
          ? { completedUploads: state.counts.processed }
          : undefined,
      },
      {
        resumed: state.page,
        heartbeat: (checkpoint) => {
          state.page = checkpoint
          beat()
        },
        cancelled: context.cancelled,
        heartbeatTimeoutMs: context.heartbeatTimeoutMs,
        log: context.log,
      }
    )
    addCounts(state.counts, page)
    state.cursor = page.nextCursor
    state.passed = page.nextCursor === undefined
    delete state.page
    beat()
  }
  state.passed = true
  await end(ports, input, at, beat, space, state)
}

/** The space's first step; undefined once it is settled there (skipped, or handed back). */
async function begin(
  ports: SmallSpacesPorts,
  input: SmallSpacesInput,
  at: SmallSpacesCheckpoint,
  space: string,
  scheduledAtMs: number | undefined
): Promise<SmallSpaceState | undefined> {
  const step: BeginSpaceInput = {
    customer: input.customer,
    space,
    instanceId: input.instanceId,
    track: input.track,
    skipCompleted: input.skipCompleted,
    count: true,
    authorizeGateway: input.authorizeGateway,
  }
  let look = await ports.look(step)
  const recheck = look.wasCompleted && ownWork(look, scheduledAtMs)
  // A completed row is looked at without its count: count it after all.
  if (recheck && input.skipCompleted)
    look = await ports.look({ ...step, skipCompleted: false })
  else if (look.wasCompleted && input.skipCompleted) {
    const { completedUploads } = skippedSpace(look)
    at.finished.push({
      key: space,
      status: 'skipped',
      ...NO_UPLOADS,
      skipped: completedUploads,
    })
    return undefined
  }
  const count = look.count
  if (!count || count.cursor !== undefined) at.large.push(space)
  else if (count.counted > input.smallSpaceUploads) at.large.push(space)
  else {
    const begun = await ports.start(step, look)
    const state: SmallSpaceState = {
      gateway: begun.gateway,
      ...(begun.wasCompleted ? { wasCompleted: true } : {}),
      counts: { ...NO_UPLOADS },
    }
    at.running[space] = state
    return state
  }
  return undefined
}

/**
 * Whether a completed row may be this batch's own work: an attempt killed after finishing the
 * space, whose last heartbeat did not say so. Skipped, it would count none of its uploads; so
 * it is rechecked (its uploads count as already migrated). A row completed shortly before the
 * batch began is rechecked too, as a worker's clock may lag the server's: a recheck costs reads,
 * a skip would lose counts.
 */
function ownWork(look: SpaceLook, scheduledAtMs: number | undefined): boolean {
  const updatedAt = look.row?.updatedAt
  if (scheduledAtMs === undefined || updatedAt === undefined) return false
  return Date.parse(updatedAt) >= scheduledAtMs - CLOCK_SKEW_MS
}

const CLOCK_SKEW_MS = 5 * 60_000

/** The space's last step, as its workflow ends a whole pass. */
async function end(
  ports: SmallSpacesPorts,
  input: SmallSpacesInput,
  at: SmallSpacesCheckpoint,
  beat: () => void,
  space: string,
  state: SmallSpaceState
): Promise<void> {
  const failed = state.counts.failed > 0 || state.gateway.status === 'failed'
  let status: ChildFinished['status'] = failed ? 'failed' : 'completed'
  if (input.track) {
    const { added } = await ports.finish(
      {
        customer: input.customer,
        space,
        status,
        completedUploads: state.counts.processed,
        error: errorOf(state),
        recount: input.steps !== undefined,
      },
      beat
    )
    if (added > 0 && status === 'completed') status = 'partial'
  }
  settle(at, { key: space, status, ...state.counts })
}

/** A space whose step failed for good ends failed, as its workflow's `recordFailedSpace` does. */
async function failSpace(
  ports: SmallSpacesPorts,
  input: SmallSpacesInput,
  at: SmallSpacesCheckpoint,
  beat: () => void,
  space: string,
  err: unknown
): Promise<void> {
  const counts = at.running[space]?.counts ?? { ...NO_UPLOADS }
  if (input.track)
    await ports.finish(
      {
        customer: input.customer,
        space,
        status: 'failed',
        completedUploads: counts.processed,
        error: err instanceof Error ? err.message : String(err),
      },
      beat
    )
  settle(at, { key: space, status: 'failed', ...counts })
}

function settle(at: SmallSpacesCheckpoint, report: ChildFinished): void {
  at.finished.push(report)
  delete at.running[report.key]
}

function errorOf(state: SmallSpaceState): string | undefined {
  const parts = []
  if (state.gateway.error) parts.push(state.gateway.error)
  if (state.counts.failed > 0)
    parts.push(`${state.counts.failed} uploads failed (see migration-failures)`)
  return parts.length > 0 ? parts.join('; ') : undefined
}

function addCounts(into: UploadCounts, add: UploadCounts): void {
  into.processed += add.processed
  into.migrated += add.migrated
  into.alreadyMigrated += add.alreadyMigrated
  into.failed += add.failed
}

/**
 * A refusal of the uploads' writes, as the page fails with it (`pageFailure`): the customer
 * pauses. A refusal around them (a space's first or last step, its listing; a breaker open on
 * the gateway) retries, as that step's own activity does in a space workflow.
 */
function refusalOf(err: unknown): string | undefined {
  return err instanceof ApplicationFailure &&
    err.type === SERVICE_REFUSAL &&
    err.nonRetryable
    ? err.message
    : undefined
}

/** A failure no retry of the step changes. */
export const permanent = (err: unknown) =>
  err instanceof ApplicationFailure ? err.nonRetryable : isPermanent(err)

/** The batch's ports over the worker's tables and migration steps. */
export function smallSpacesPorts(deps: ActivityDeps): SmallSpacesPorts {
  return {
    look: (input) => lookAtSpace(deps, input),
    start: (input, look) => startSpace(deps, input, look),
    finish: (input, beat) =>
      closeSpace(deps, input, { heartbeat: () => beat() }),
    showPause: async (customer, space, reason) => {
      await deps.migration.tables.migrationProgress.setPause(customer, space, {
        reason,
        at: new Date().toISOString(),
      })
    },
    page: uploadPagePorts(deps),
  }
}
