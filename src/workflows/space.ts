import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
} from '@temporalio/workflow'
import type { Activities } from '../activities/index.js'
import { continueKeepingMemo } from './continue-as-new.js'
import { historyIsLong, useControl } from './control.js'
import { useFailureBudget } from './failure-budget.js'
import { isHandover, messageOf, reportToParent, showCounts } from './finish.js'
import {
  authorizesGateway,
  skipsCompleted,
  tracksProgress,
  uploadStepsOf,
} from './modes.js'
import { addCounts } from './sliding-window.js'
import {
  NO_UPLOADS,
  type ScopeStatus,
  type SpaceInput,
  type SpaceResult,
  type SpaceState,
  SERVICE_REFUSAL,
  type Tuning,
} from './types.js'

const { beginSpace, countSpaceUploads, finishSpace } =
  proxyActivities<Activities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '2 minutes',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  })

/**
 * One space: gateway authorization once, then its uploads a page at a time, each page one
 * heartbeating activity. A run hands over to a new one before its history grows long. It ends
 * `completed` only when every upload was processed and none failed.
 */
export async function spaceMigrationWorkflow(
  input: SpaceInput
): Promise<SpaceResult> {
  const state: SpaceState = input.state ?? {
    counts: { ...NO_UPLOADS },
    totalUploads: 0,
    runs: 1,
  }
  const control = useControl(
    input,
    () => ({
      scope: 'space',
      ...state.counts,
      totalUploads: state.totalUploads,
      runs: state.runs,
    }),
    () => [],
    input.parent
  )
  let result: SpaceResult
  try {
    result = await migrateSpace(input, state, control)
  } catch (err) {
    if (isHandover(err)) throw err
    result = resultOf(input, state, 'failed', messageOf(err))
    await recordFailedSpace(input, result)
  }
  showCounts(result, result.status)
  await reportToParent(input.parent, { key: input.space, ...result })
  return result
}

async function migrateSpace(
  input: SpaceInput,
  state: SpaceState,
  control: ReturnType<typeof useControl>
): Promise<SpaceResult> {
  const track = tracksProgress(input.mode) && !input.root && !input.onlyFailed
  const steps = uploadStepsOf(input.mode)
  const budget = useFailureBudget(
    input.failureBudget,
    control,
    state,
    `space ${input.space}`
  )
  if (!state.gateway) {
    const begun = await beginSpace({
      customer: input.customer,
      space: input.space,
      instanceId: input.instanceId,
      track,
      skipCompleted: skipsCompleted(input),
      count: !input.root && !input.onlyFailed,
      authorizeGateway: authorizesGateway(input.mode),
    })
    state.totalUploads = begun.totalUploads
    state.gateway = begun.gateway
    if (begun.skipped) return skippedResult(input, begun)
    if (begun.wasCompleted) state.wasCompleted = true
    if (begun.count?.cursor !== undefined) state.counting = begun.count
  }
  // A large space is counted while its pages run: it starts at once.
  const counted = countRest(input, state, track)
  counted.catch(() => undefined) // awaited below; handled meanwhile
  let more = steps !== undefined
  while (more && steps) {
    await control.untilResumed()
    const left =
      input.limit === undefined
        ? Infinity
        : input.limit - state.counts.processed
    if (left <= 0) break
    const tuning = control.tuning
    const page = await refusalPauses(
      control,
      pageActivity(tuning).migrateUploadPage({
        customer: input.customer,
        space: input.space,
        cursor: state.cursor,
        pageSize: Math.min(tuning.pageSize, left),
        concurrency: tuning.uploadConcurrency,
        mode: steps,
        instanceId: input.instanceId,
        onlyFailed: input.onlyFailed,
        root: input.root,
        progress: track
          ? { completedUploads: state.counts.processed }
          : undefined,
      })
    )
    // Refused: paused until resumed, then the same page again (nothing of it was counted).
    if (!page) continue
    addCounts(state.counts, page)
    await budget.check(state.counts)
    state.cursor = page.nextCursor
    state.lastProcessedUpload =
      page.lastProcessedUpload ?? state.lastProcessedUpload
    more = page.nextCursor !== undefined && !input.root
    // After every page but the last, whose counts the end shows with the status: one action a page.
    if (more) showCounts(state.counts)
    if (more && historyIsLong(tuning.maxHistoryEvents)) {
      await counted
      await continueKeepingMemo<typeof spaceMigrationWorkflow>({
        ...input,
        ...control.current(),
        state: { ...state, runs: state.runs + 1 },
      })
    }
  }
  await counted
  let status: ScopeStatus = more
    ? 'partial'
    : state.counts.failed > 0 || state.gateway.status === 'failed'
      ? 'failed'
      : 'completed'
  let error = errorOf(state)
  // A recheck of a completed space that stops short (`--limit`) leaves its row as it was.
  if (track && !(state.wasCompleted && status === 'partial')) {
    const { added } = await finishSpace({
      customer: input.customer,
      space: input.space,
      status:
        status === 'partial'
          ? 'pending'
          : status === 'failed'
            ? 'failed'
            : 'completed',
      completedUploads: state.counts.processed,
      error,
      recount: !more && steps !== undefined,
    })
    if (added > 0) {
      if (status === 'completed') status = 'partial'
      error = [error, `${added} uploads were added while it ran`]
        .filter(Boolean)
        .join('; ')
    }
  }
  // A retry of the failures that leaves none makes a failed space completed.
  if (settlesFailures(input) && status === 'completed')
    await finishSpace({
      customer: input.customer,
      space: input.space,
      status: 'completed',
    })
  return resultOf(input, state, status, error)
}

/** The rest of the count begun by `beginSpace`, if it did not finish in one page. */
async function countRest(input: SpaceInput, state: SpaceState, track: boolean) {
  const from = state.counting
  if (!from) return
  state.totalUploads = await countSpaceUploads({
    customer: input.customer,
    space: input.space,
    from,
    track,
  })
  state.counting = undefined
}

/** A space an earlier run completed: its row's counts, nothing processed, no limit spent. */
function skippedResult(
  input: SpaceInput,
  begun: { totalUploads: number; completedUploads: number }
): SpaceResult {
  return {
    space: input.space,
    status: 'skipped',
    ...NO_UPLOADS,
    skipped: begun.completedUploads,
    totalUploads: begun.totalUploads,
    gateway: { status: 'skipped' },
  }
}

/**
 * The page, or nothing when a service refused it (the page activity fails with
 * `ServiceUnavailable`): then the migration pauses itself with the reason, and no upload fails.
 */
async function refusalPauses<T>(
  control: ReturnType<typeof useControl>,
  page: Promise<T>
): Promise<T | undefined> {
  try {
    return await page
  } catch (err) {
    const reason = refusalOf(err)
    if (reason === undefined) throw err
    await control.refuse(reason)
    return undefined
  }
}

const refusalOf = (err: unknown): string | undefined =>
  err instanceof ActivityFailure &&
  err.cause instanceof ApplicationFailure &&
  err.cause.type === SERVICE_REFUSAL
    ? err.cause.message
    : undefined

const settlesFailures = (input: SpaceInput) =>
  tracksProgress(input.mode) && input.onlyFailed === true && !input.root

/** A space whose run broke (a page out of retries) is marked failed, so the monitor lists it. */
async function recordFailedSpace(input: SpaceInput, result: SpaceResult) {
  if (!tracksProgress(input.mode) || input.root || input.onlyFailed) return
  await finishSpace({
    customer: input.customer,
    space: input.space,
    status: 'failed',
    completedUploads: result.processed,
    error: result.error,
  }).catch(() => undefined)
}

/**
 * The page activity's options. A page may take long (hundreds of uploads, each indexing shards),
 * so a dead worker is found by heartbeat, not by the start-to-close timeout. Its retries are not
 * capped: a poison upload is bounded by its own attempt budget (then recorded, and the page goes
 * on), a service down keeps the page waiting with backoff, and one refusing the migration (a
 * breaker open for a sustained outage) fails it at once and pauses the space.
 */
const pageActivity = ({ pageSize, heartbeatSeconds }: Tuning) =>
  proxyActivities<Activities>({
    startToCloseTimeout: `${Math.max(10, pageSize)} minutes`,
    heartbeatTimeout: `${heartbeatSeconds} seconds`,
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
    },
  })

function errorOf(state: SpaceState): string | undefined {
  const parts = []
  if (state.gateway?.error) parts.push(state.gateway.error)
  if (state.counts.failed > 0)
    parts.push(`${state.counts.failed} uploads failed (see migration-failures)`)
  return parts.length > 0 ? parts.join('; ') : undefined
}

function resultOf(
  input: SpaceInput,
  state: SpaceState,
  status: ScopeStatus,
  error: string | undefined
): SpaceResult {
  return {
    space: input.space,
    status,
    ...state.counts,
    totalUploads: state.totalUploads,
    gateway: state.gateway ?? { status: 'skipped' },
    ...(error ? { error } : {}),
  }
}
