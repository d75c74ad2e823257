import {
  activityInfo,
  cancellationSignal,
  heartbeat,
} from '@temporalio/activity'
import { CancelledFailure } from '@temporalio/common'
import type { NewUploadFailure } from '../services/dynamo/migration-failures-table.js'
import type { SpaceProgressUpdate } from '../services/dynamo/migration-progress-table.js'
import type {
  UploadPage,
  UploadRecord,
} from '../services/dynamo/upload-table.js'
import type {
  UploadContext,
  UploadMode,
  UploadOutcome,
} from '../migration/migrate-upload.js'
import type {
  UploadPageCheckpoint,
  UploadPageInput,
  UploadPageResult,
} from '../workflows/types.js'
import { reasonOf, TransientError } from '../failures/index.js'
import {
  chargeAttempt,
  parks,
  UPLOAD_ATTEMPT_BUDGET,
} from './attempt-budget.js'
import { runWithFinishedPrefix } from './bounded-prefix.js'
import {
  activityScope,
  type Logger,
  type PageLog,
  startPageLog,
} from './page-log.js'
import { type OutcomeReport, reportEntry } from './outcome-report.js'
import { pageFailure } from './to-failure.js'

/** What the page activity needs; the worker builds it once. */
export interface UploadPagePorts {
  /** A page of the space's uploads after `cursor`, in root order (or its failed ones, or one). */
  listPage(input: UploadPageInput): Promise<UploadPage>
  /** What the uploads already have, in batched reads: each upload's context (`surveyUploads`). */
  survey(
    uploads: readonly UploadRecord[],
    mode: UploadMode
  ): Promise<UploadContext[]>
  migrate(
    customer: string,
    upload: UploadRecord,
    mode: UploadMode,
    context?: UploadContext
  ): Promise<UploadOutcome>
  /** Verifies outcomes whose verification was deferred, in batched queries (`verifyOutcomes`). */
  verify(
    outcomes: readonly UploadOutcome[],
    mode: UploadMode
  ): Promise<UploadOutcome[]>
  recordFailure(failure: NewUploadFailure): Promise<void>
  /** The roots among these of the space that have failure rows (to clear once migrated). */
  failedAmong(space: string, roots: readonly string[]): Promise<Set<string>>
  clearFailure(space: string, root: string): Promise<void>
  recordProgress(
    customer: string,
    space: string,
    fields: SpaceProgressUpdate & { completedUploads: number }
  ): Promise<void>
  /** The per-run report of outcomes, when the worker keeps one. */
  report?: OutcomeReport
  /** The worker's log; pages write their start, end and recorded failures to it. */
  log?: Logger
}

/**
 * Migrates one page of a space's uploads with bounded concurrency. It first asks what the page's
 * uploads have in a few batched reads (`survey`), and verifies the uploads it migrated together
 * at the end (`verify`). It heartbeats the last root of the page's settled prefix, so a retry
 * (after a crash or a transient failure) resumes after it, even when the listing changed in
 * between (retrying failures deletes their rows); uploads of the prefix still to be verified are
 * named in the checkpoint and done again. A failed upload is recorded and the page goes on. An
 * upload failing transiently is parked: the page goes on, then fails retryably, and its retry
 * tries the parked uploads again, each within an attempt budget kept in the checkpoint (see
 * `chargeAttempt`); a spent budget records the upload.
 */
export const migrateUploadPage =
  (ports: UploadPagePorts) =>
  async (input: UploadPageInput): Promise<UploadPageResult> => {
    const info = activityInfo()
    return runUploadPage(ports, input, {
      resumed: info.heartbeatDetails as UploadPageCheckpoint | undefined,
      log: ports.log?.child(activityScope(info)),
      heartbeat: (checkpoint) => heartbeat(checkpoint),
      cancelled: () => cancellationSignal().aborted,
      heartbeatTimeoutMs: info.heartbeatTimeoutMs,
    })
  }

/** Where a page runs: its resumed checkpoint, and how it heartbeats and learns it is cancelled. */
export interface PageContext {
  /** The checkpoint of an earlier attempt of this page, if any. */
  resumed?: UploadPageCheckpoint
  heartbeat(checkpoint: UploadPageCheckpoint): void
  /** A cancelled attempt (its heartbeat timed out: another attempt took over) stops. */
  cancelled(): boolean
  /** How often the page must beat while one upload takes long. */
  heartbeatTimeoutMs?: number
  /** The log of the activity the page runs in, scoped to it. */
  log?: Logger
}

/**
 * The page itself, callable from any activity (`migrateUploadPage`, or a batch of small spaces,
 * which keeps the checkpoint inside its own). Its failures are the page activity's: `pageFailure`
 * of what failed while uploads ran, as thrown for what failed around them (the listing, the
 * survey, the progress row), and `CancelledFailure` once cancelled.
 */
export async function runUploadPage(
  ports: UploadPagePorts,
  input: UploadPageInput,
  context: PageContext
): Promise<UploadPageResult> {
  const log = startPageLog(context.log, input, context.resumed)
  try {
    const result = await runPage(logged(ports, log), input, context)
    log.ended(result)
    return result
  } catch (err) {
    log.stopped(err)
    throw err
  }
}

/** The ports with each recorded failure logged once it is recorded. */
function logged(ports: UploadPagePorts, log: PageLog): UploadPagePorts {
  return {
    ...ports,
    recordFailure: async (failure) => {
      await ports.recordFailure(failure)
      log.failureRecorded(failure)
    },
    migrate: async (customer, upload, mode, context) => {
      const outcome = await ports.migrate(customer, upload, mode, context)
      log.upload(upload.root, outcome.status)
      return outcome
    },
  }
}

async function runPage(
  ports: UploadPagePorts,
  input: UploadPageInput,
  context: PageContext
): Promise<UploadPageResult> {
  const page = await ports.listPage(input)
  const { resumed } = context
  // Counts cover the finished prefix only, so a resumed attempt never counts an upload twice.
  const counts: Counts = {
    migrated: 0,
    alreadyMigrated: 0,
    failed: 0,
    ...resumed?.counts,
  }
  const inPage = new Set(page.uploads.map((u) => u.root))
  const ofPage = <T>(entries: Record<string, T> = {}) =>
    new Map(Object.entries(entries).filter(([root]) => inPage.has(root)))
  // Parked uploads of the prefix; a root no longer listed (its row deleted) is gone.
  let open = ofPage(resumed?.attempts)
  // Uploads of the prefix migrated but not verified yet, with what they count as once verified.
  const unverified = ofPage(resumed?.unverified)
  const todo = page.uploads.filter(
    (u) =>
      open.has(u.root) ||
      unverified.has(u.root) ||
      after(u.root, resumed?.lastRoot)
  )
  // One upload alone asks the same questions as a survey of it.
  const contexts = todo.length > 1 ? await ports.survey(todo, input.mode) : []
  // One read for the page instead of a delete per migrated upload.
  const hadFailure =
    input.mode === 'verify-only' || todo.length === 0
      ? new Set<string>()
      : await ports.failedAmong(
          input.space,
          todo.map((u) => u.root)
        )
  const kinds: (Kind | undefined)[] = []
  const pending: UploadOutcome[] = []
  const parked = new Map<string, TransientError>()
  let finished = resumed?.finished ?? 0
  let counted = 0
  let answered = 0
  const checkpointOf = (prefix: number): UploadPageCheckpoint => ({
    finished,
    lastRoot: latest(resumed?.lastRoot, todo[prefix - 1]?.root),
    counts: { ...counts },
    ...(open.size > 0 ? { attempts: Object.fromEntries(open) } : {}),
    ...(unverified.size > 0
      ? { unverified: Object.fromEntries(unverified) }
      : {}),
  })
  let checkpoint = checkpointOf(0)
  const beat = (prefix: number) => {
    checkpoint = checkpointOf(prefix)
    context.heartbeat(checkpoint)
  }
  /** Counts a finished upload, with what an earlier attempt found if it migrated it first. */
  const finish = (root: string, kind: keyof Counts) => {
    counts[kind === 'failed' ? kind : (unverified.get(root) ?? kind)]++
    finished++
    open.delete(root)
    unverified.delete(root)
  }
  // One upload can take longer than the heartbeat timeout (a large shard to index).
  const keepAlive = setInterval(
    () => context.heartbeat(checkpoint),
    keepAliveMs(context.heartbeatTimeoutMs)
  )
  try {
    await runWithFinishedPrefix(
      todo.map((upload, index) => ({ upload, index })),
      input.concurrency,
      async ({ upload, index }) => {
        let outcome: UploadOutcome
        try {
          outcome = await ports.migrate(
            input.customer,
            upload,
            input.mode,
            contexts[index]
          )
        } catch (err) {
          if (!parks(err)) throw err
          parked.set(upload.root, err)
          return
        }
        if (outcome.toVerify) {
          pending.push(outcome)
          kinds[index] = { pending: kindOf(outcome) }
          return
        }
        answered++
        kinds[index] = await record(ports, input, outcome, hadFailure)
        await report(ports, input, outcome)
      },
      (prefix) => {
        // The prefix settles parked uploads too: the checkpoint names them in `attempts`.
        for (; counted < prefix; counted++) {
          const kind = kinds[counted]
          const root = todo[counted]!.root
          if (kind === undefined) open.set(root, open.get(root) ?? 0)
          else if (typeof kind === 'object')
            unverified.set(root, unverified.get(root) ?? kind.pending)
          else finish(root, kind)
        }
        beat(prefix)
      },
      () => context.cancelled()
    )
    if (context.cancelled())
      throw new CancelledFailure(
        'page attempt cancelled; its checkpoint stands'
      )
    if (pending.length > 0) {
      const verified = await verifyPending(ports, input, pending)
      for (const [root, err] of verified.parked) {
        parked.set(root, err)
        open.set(root, open.get(root) ?? 0)
      }
      answered += verified.outcomes.length
      for (const outcome of verified.outcomes) {
        finish(outcome.root, await record(ports, input, outcome, hadFailure))
        await report(ports, input, outcome)
      }
      beat(todo.length)
    }
    if (open.size > 0) {
      const settled = await settleParked(
        ports,
        input,
        page,
        {
          open,
          parked,
          answered: answered > 0,
        },
        hadFailure
      )
      open = settled.open
      for (const [root, kind] of settled.recorded) finish(root, kind)
      beat(todo.length)
      if (open.size > 0) throw parkedFailure(open, parked)
    }
  } catch (err) {
    if (err instanceof CancelledFailure) throw err
    throw pageFailure(err)
  } finally {
    clearInterval(keepAlive)
  }
  const result = {
    processed: checkpoint.finished,
    ...counts,
    nextCursor: page.cursor,
    lastProcessedUpload: page.uploads.at(-1)?.root,
  }
  if (input.progress) await mirrorProgress(ports, input, result)
  return result
}

/** An upload migrated, its verification pending, and what it counts as once verified. */
type Kind = keyof Counts | { pending: 'migrated' | 'alreadyMigrated' }

const kindOf = (outcome: UploadOutcome): 'migrated' | 'alreadyMigrated' =>
  outcome.status === 'migrated' ? 'migrated' : 'alreadyMigrated'

/**
 * The page's deferred verifications, in one batch; when the indexer fails the batch, each upload
 * alone, so that an upload whose queries keep failing is parked by itself (as its migration
 * would be) and the others finish.
 */
async function verifyPending(
  ports: UploadPagePorts,
  input: UploadPageInput,
  pending: readonly UploadOutcome[]
): Promise<{ outcomes: UploadOutcome[]; parked: Map<string, TransientError> }> {
  const parked = new Map<string, TransientError>()
  try {
    return { outcomes: await ports.verify(pending, input.mode), parked }
  } catch (err) {
    if (!parks(err)) throw err
    if (pending.length === 1) {
      parked.set(pending[0]!.root, err)
      return { outcomes: [], parked }
    }
  }
  const outcomes: UploadOutcome[] = []
  for (const outcome of pending)
    try {
      outcomes.push(...(await ports.verify([outcome], input.mode)))
    } catch (err) {
      if (!parks(err)) throw err
      parked.set(outcome.root, err)
    }
  return { outcomes, parked }
}

/**
 * At the end of an attempt that parked uploads: charges it to them (see `chargeAttempt`) and
 * records those whose budget is spent; returns the budgets still open and what each recorded
 * upload counts as.
 */
async function settleParked(
  ports: UploadPagePorts,
  input: UploadPageInput,
  page: UploadPage,
  attempt: {
    open: ReadonlyMap<string, number>
    parked: ReadonlyMap<string, TransientError>
    answered: boolean
  },
  hadFailure: ReadonlySet<string>
): Promise<{
  open: Map<string, number>
  recorded: [root: string, kind: keyof Counts][]
}> {
  const { open, exhausted } = chargeAttempt(
    attempt.open,
    attempt.answered || (await servicesAnswer(ports, input, page, attempt.open))
  )
  const recorded: [string, keyof Counts][] = []
  for (const root of exhausted) {
    const outcome = spentBudget(input, root, attempt.parked.get(root)!)
    recorded.push([root, await record(ports, input, outcome, hadFailure)])
    await report(ports, input, outcome)
  }
  return { open, recorded }
}

/**
 * Whether the services work for another upload of the page, when none answered in this attempt
 * (a retry holding only parked uploads): a read-only check of one finished upload tells. A page
 * of one upload has nothing to compare with, so its attempts are always charged.
 */
async function servicesAnswer(
  ports: UploadPagePorts,
  input: UploadPageInput,
  page: UploadPage,
  open: ReadonlyMap<string, number>
): Promise<boolean> {
  if (page.uploads.length === 1) return true
  const control = page.uploads.find((u) => !open.has(u.root))
  if (!control) return false
  try {
    await ports.migrate(input.customer, control, 'verify-only')
    return true
  } catch (err) {
    if (parks(err)) return false
    throw err
  }
}

/** The failure of an upload whose attempt budget is spent, with the reason of its step. */
function spentBudget(
  input: UploadPageInput,
  root: string,
  err: TransientError
): UploadOutcome {
  return {
    root,
    space: input.space,
    status: 'failed',
    wrote: { index: false, claims: [] },
    reason: reasonOf(err),
    step: err.step,
    error: `${err.message} (${UPLOAD_ATTEMPT_BUDGET} attempts)`,
  }
}

/** The page's retryable failure while uploads are parked: the first one's, with the longest delay. */
function parkedFailure(
  open: ReadonlyMap<string, number>,
  parked: ReadonlyMap<string, TransientError>
): TransientError {
  const errors = [...open.keys()].map(
    (root) => [root, parked.get(root)!] as const
  )
  const [root, first] = errors[0]!
  const delays = errors.flatMap(([, e]) => e.retryAfterMs ?? [])
  return new TransientError(
    first.step,
    `${errors.length} uploads failed transiently, retried within their budget (${root}: ${first.message})`,
    {
      cause: first,
      retryAfterMs: delays.length > 0 ? Math.max(...delays) : undefined,
    }
  )
}

const report = (
  ports: UploadPagePorts,
  input: UploadPageInput,
  outcome: UploadOutcome
) =>
  ports.report?.write(
    reportEntry(outcome, {
      customer: input.customer,
      mode: input.mode,
      instanceId: input.instanceId,
    })
  )

const after = (root: string, lastRoot: string | undefined) =>
  lastRoot === undefined || root > lastRoot

const latest = (a: string | undefined, b: string | undefined) =>
  a === undefined ? b : b === undefined || a > b ? a : b

const keepAliveMs = (timeoutMs: number | undefined) =>
  Math.max(1_000, Math.floor((timeoutMs ?? 60_000) / 3))

/** Absolute values, not increments: a retried page writes the same row again. */
async function mirrorProgress(
  ports: UploadPagePorts,
  input: UploadPageInput,
  result: UploadPageResult
) {
  const before = input.progress ?? { completedUploads: 0 }
  await ports.recordProgress(input.customer, input.space, {
    status: 'in-progress',
    completedUploads: before.completedUploads + result.processed,
    ...(result.lastProcessedUpload
      ? { lastProcessedUpload: result.lastProcessedUpload }
      : {}),
    ...(input.instanceId ? { instanceId: input.instanceId } : {}),
  })
}

type Counts = UploadPageCheckpoint['counts']

/**
 * Records a failure or clears an earlier one (`hadFailure`: the page's roots with failure rows,
 * read once); returns which count the upload adds to.
 */
async function record(
  ports: UploadPagePorts,
  input: UploadPageInput,
  outcome: UploadOutcome,
  hadFailure: ReadonlySet<string>
): Promise<keyof Counts> {
  if (outcome.status === 'failed') {
    if (input.mode === 'verify-only') return 'failed'
    await ports.recordFailure({
      space: outcome.space,
      root: outcome.root,
      customer: input.customer,
      instanceId: input.instanceId,
      step: outcome.step ?? 'unknown',
      reason: outcome.reason ?? 'UNKNOWN_ERROR',
      error: outcome.error ?? '',
    })
    return 'failed'
  }
  if (input.mode !== 'verify-only' && hadFailure.has(outcome.root))
    await ports.clearFailure(outcome.space, outcome.root)
  return outcome.status === 'already-migrated' || outcome.status === 'verified'
    ? 'alreadyMigrated'
    : 'migrated'
}
