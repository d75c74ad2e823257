import {
  activityInfo,
  cancellationSignal,
  heartbeat,
} from '@temporalio/activity'
import { ApplicationFailure, CancelledFailure } from '@temporalio/common'
import type {
  BeginSpaceInput,
  ChildFinished,
  ListPageResult,
  ListSpacesInput,
  PrepareCustomerInput,
  PrepareCustomerResult,
  RecordCustomerInput,
  SmallCustomersCheckpoint,
  SmallCustomersInput,
  SmallCustomersResult,
  SmallCustomerState,
  SmallSpacesInput,
  WindowState,
} from '../workflows/types.js'
import { addCounts, newWindow } from '../workflows/window-state.js'
import { runWithFinishedPrefix } from './bounded-prefix.js'
import {
  listCustomerSpaces,
  prepareCustomer,
  recordCustomer,
} from './customer-steps.js'
import {
  type BatchContext,
  permanent,
  runSmallSpaces,
  type SmallSpacesPorts,
  smallSpacesPorts,
} from './migrate-small-spaces.js'
import type { ActivityDeps } from './ports.js'
import type { SpaceLook } from './space-steps.js'
import { toFailure } from './to-failure.js'

/** What the batch needs: a customer's first and last steps, its listing, and its spaces' batch. */
export interface SmallCustomersPorts {
  prepare(input: PrepareCustomerInput): Promise<PrepareCustomerResult>
  listSpaces(input: ListSpacesInput): Promise<ListPageResult>
  record(input: RecordCustomerInput): Promise<void>
  spaces: SmallSpacesPorts
}

/** As a batch of spaces runs, with the attempt it is (errors are isolated from the third on). */
export interface CustomersContext extends Omit<
  BatchContext,
  'resumed' | 'heartbeat'
> {
  resumed?: SmallCustomersCheckpoint
  heartbeat(checkpoint: SmallCustomersCheckpoint): void
  attempt?: number
}

/**
 * A batch of an instance's customers in one activity, so that a small customer costs no workflow
 * of its own: each gets what its customer workflow would do (`prepareCustomer`, its listing, its
 * spaces through `runSmallSpaces`, `recordCustomer`), `customerConcurrency` at once. A customer
 * whose spaces pass one listing page, or whose look at them (nothing written) finds a large space
 * or more than `smallCustomerUploads` uploads, is handed back, prepared, with its spaces to run;
 * so is one refused inside its spaces' batch (with the spaces finished and the rest), and one
 * whose step fails for good, or keeps failing (isolated from the third attempt on; before, the
 * batch fails retryably after the others, and the retry resumes it from the checkpoint). The checkpoint names the customers
 * settled (finished or handed back) and, for each in flight, its spaces' batch checkpoint.
 */
export const migrateSmallCustomers =
  (ports: SmallCustomersPorts) =>
  async (input: SmallCustomersInput): Promise<SmallCustomersResult> => {
    const info = activityInfo()
    try {
      return await runSmallCustomers(ports, input, {
        resumed: info.heartbeatDetails as SmallCustomersCheckpoint | undefined,
        heartbeat: (checkpoint) => heartbeat(checkpoint),
        cancelled: () => cancellationSignal().aborted,
        heartbeatTimeoutMs: info.heartbeatTimeoutMs,
        scheduledAtMs: info.scheduledTimestampMs,
        attempt: info.attempt,
      })
    } catch (err) {
      if (err instanceof ApplicationFailure || err instanceof CancelledFailure)
        throw err
      throw toFailure(err)
    }
  }

/** From this attempt on, a customer whose step fails is handed back instead of retried. */
export const ISOLATE_FROM_ATTEMPT = 3

export async function runSmallCustomers(
  ports: SmallCustomersPorts,
  input: SmallCustomersInput,
  context: CustomersContext
): Promise<SmallCustomersResult> {
  const at: SmallCustomersCheckpoint = structuredClone(
    context.resumed ?? { finished: [], handedBack: {}, running: {} }
  )
  const beat = () => context.heartbeat(structuredClone(at))
  const settled = () =>
    new Set([...at.finished.map((f) => f.key), ...Object.keys(at.handedBack)])
  const before = settled()
  const failing = new Map<string, unknown>()
  let refusal: string | undefined
  await runWithFinishedPrefix(
    input.customers.filter((customer) => !before.has(customer)),
    input.customerConcurrency,
    async (customer) => {
      try {
        const refused = await migrateCustomer(
          ports,
          input,
          context,
          at,
          beat,
          customer
        )
        refusal ??= refused
      } catch (err) {
        if (err instanceof CancelledFailure) throw err
        failing.set(customer, err)
      }
      beat()
    },
    () => undefined,
    () => refusal !== undefined || context.cancelled()
  )
  if (context.cancelled())
    throw new CancelledFailure('batch attempt cancelled; its checkpoint stands')
  const isolate =
    refusal !== undefined || (context.attempt ?? 1) >= ISOLATE_FROM_ATTEMPT
  for (const [customer, err] of failing)
    if (isolate || permanent(err)) {
      handBack(at, customer, carriedSoFar(at.running[customer]))
      failing.delete(customer)
    }
  beat()
  if (failing.size > 0) throw [...failing.values()][0]
  const result = { finished: at.finished, handedBack: at.handedBack }
  if (refusal === undefined) return result
  const done = settled()
  const rest = input.customers.filter((customer) => !done.has(customer))
  return { ...result, refused: { reason: refusal, rest } }
}

/** One customer, from where it stands; the refusal its spaces met, if any. */
async function migrateCustomer(
  ports: SmallCustomersPorts,
  input: SmallCustomersInput,
  context: CustomersContext,
  at: SmallCustomersCheckpoint,
  beat: () => void,
  customer: string
): Promise<string | undefined> {
  const state =
    at.running[customer] ?? (await prepare(ports, input, at, customer))
  beat()
  if (!state) return undefined
  const looks = new Map<string, SpaceLook>()
  if (!state.spaces) {
    if (!(await listAndLook(ports, input, at, customer, state, looks, beat)))
      return undefined
    beat()
  }
  const spaces = await runSmallSpaces(
    withLooks(ports.spaces, looks),
    spacesInput(input, customer, state.spaces ?? []),
    {
      resumed: state.batch,
      heartbeat: (checkpoint) => {
        state.batch = checkpoint
        beat()
      },
      cancelled: context.cancelled,
      heartbeatTimeoutMs: context.heartbeatTimeoutMs,
      scheduledAtMs: context.scheduledAtMs,
    }
  )
  state.batch = { finished: spaces.finished, large: spaces.large, running: {} }
  if (spaces.refused || spaces.large.length > 0) {
    handBack(
      at,
      customer,
      carried(state, spaces.finished, {
        pending: spaces.large,
        candidates: spaces.refused?.rest ?? [],
      })
    )
    return spaces.refused?.reason
  }
  await end(ports, input, at, customer, state, spaces.finished)
  return undefined
}

/** The customer's first step; undefined once it is handed back there. */
async function prepare(
  ports: SmallCustomersPorts,
  input: SmallCustomersInput,
  at: SmallCustomersCheckpoint,
  customer: string
): Promise<SmallCustomerState | undefined> {
  const prepared = await ports.prepare({
    customer,
    instanceId: input.instanceId,
    track: input.track,
    createMigrationSpace: input.createMigrationSpace,
  })
  const state: SmallCustomerState = prepared.wasCompleted
    ? { wasCompleted: true }
    : {}
  if (prepared.error) {
    // Only runs before the migration space stopped blocking its customer say so: its workflow ends it.
    handBack(at, customer, { ...carried(state, [], {}), error: prepared.error })
    return undefined
  }
  at.running[customer] = state
  return state
}

/**
 * The customer's one page of spaces, and a look at each (its row and first count page, nothing
 * written): true once the customer is small enough for the batch, else it is handed back with
 * its large spaces for space workflows and the others for its own batches. The listing leaves
 * completed spaces in, so that the spaces' batch rechecks one its own lost attempt completed.
 */
async function listAndLook(
  ports: SmallCustomersPorts,
  input: SmallCustomersInput,
  at: SmallCustomersCheckpoint,
  customer: string,
  state: SmallCustomerState,
  looks: Map<string, SpaceLook>,
  beat: () => void
): Promise<boolean> {
  const page = await ports.listSpaces({
    customer,
    pageSize: input.spacesPerPage,
    skipCompleted: false,
  })
  if (page.cursor !== undefined) {
    handBack(at, customer, {
      ...carried(state, [], { candidates: page.items }),
      cursor: page.cursor,
      exhausted: false,
    })
    return false
  }
  await runWithFinishedPrefix(
    page.items,
    input.spaceConcurrency,
    async (space) => {
      looks.set(
        space,
        await ports.spaces.look(lookStep(input, customer, space))
      )
      beat()
    },
    () => undefined
  )
  const large: string[] = []
  let uploads = 0
  for (const space of page.items) {
    const look = looks.get(space)!
    if (look.wasCompleted && input.skipCompleted) continue
    const count = look.count
    if (!count || count.cursor !== undefined) large.push(space)
    else if (count.counted > input.smallSpaceUploads) large.push(space)
    else uploads += count.counted
  }
  if (large.length > 0 || uploads > input.smallCustomerUploads) {
    const candidates = page.items.filter((space) => !large.includes(space))
    handBack(at, customer, carried(state, [], { pending: large, candidates }))
    return false
  }
  state.spaces = page.items
  return true
}

/** The step `runSmallSpaces` begins a space with, so that it finds the look already taken. */
const lookStep = (
  input: SmallCustomersInput,
  customer: string,
  space: string
): BeginSpaceInput => ({
  customer,
  space,
  instanceId: input.instanceId,
  track: input.track,
  skipCompleted: input.skipCompleted,
  count: true,
  authorizeGateway: input.authorizeGateway,
})

/** Each space's first look is the one taken already; a recheck looks again. */
function withLooks(
  ports: SmallSpacesPorts,
  looks: Map<string, SpaceLook>
): SmallSpacesPorts {
  return {
    ...ports,
    look: async (step) => {
      const seen = looks.get(step.space)
      looks.delete(step.space)
      return seen ?? ports.look(step)
    },
  }
}

const spacesInput = (
  input: SmallCustomersInput,
  customer: string,
  spaces: string[]
): SmallSpacesInput => ({
  customer,
  spaces,
  instanceId: input.instanceId,
  steps: input.steps,
  track: input.track,
  skipCompleted: input.skipCompleted,
  authorizeGateway: input.authorizeGateway,
  smallSpaceUploads: input.smallSpaceUploads,
  pageSize: input.pageSize,
  uploadConcurrency: input.uploadConcurrency,
  spaceConcurrency: input.spaceConcurrency,
})

/** The customer's last step, as its workflow ends: its row with the counts of its spaces. */
async function end(
  ports: SmallCustomersPorts,
  input: SmallCustomersInput,
  at: SmallCustomersCheckpoint,
  customer: string,
  state: SmallCustomerState,
  spaces: ChildFinished[]
): Promise<void> {
  const window = carried(state, spaces, {})
  const status: ChildFinished['status'] =
    window.failed > 0 ? 'failed' : window.partial ? 'partial' : 'completed'
  const error = window.failed > 0 ? `${window.failed} spaces failed` : undefined
  // A run that stops short of a completed customer leaves its row as it was.
  if (input.track && !(state.wasCompleted && status === 'partial'))
    await ports.record({
      customer,
      instanceId: input.instanceId,
      status: status === 'partial' ? 'pending' : status,
      completedSpaces: window.finished - window.failed,
      completedUploads: window.counts.processed + (window.counts.skipped ?? 0),
      error,
    })
  at.finished.push({ key: customer, status, ...window.counts })
  delete at.running[customer]
}

/** The customer's window as the batch leaves it: prepared, `settled` counted, the rest to run. */
function carried(
  state: SmallCustomerState,
  settled: ChildFinished[],
  rest: { pending?: string[]; candidates?: string[] }
): WindowState {
  const window: WindowState = {
    ...newWindow(),
    prepared: true,
    exhausted: true,
    pending: rest.pending ?? [],
    candidates: rest.candidates ?? [],
  }
  if (state.wasCompleted) window.wasCompleted = true
  for (const report of settled) {
    window.finished++
    if (report.status === 'failed') window.failed++
    if (report.status === 'partial') window.partial = true
    addCounts(window.counts, report)
  }
  return window
}

/**
 * What a customer whose step failed leaves: nothing, unprepared; or prepared, with its spaces
 * finished counted and the others (those in flight too: their pages run again, counted once)
 * to run. Listed or not, its workflow goes on from there.
 */
function carriedSoFar(state: SmallCustomerState | undefined): WindowState {
  if (!state) return newWindow()
  if (!state.spaces) return { ...carried(state, [], {}), exhausted: false }
  const batch = state.batch ?? { finished: [], large: [], running: {} }
  const done = new Set([...batch.finished.map((f) => f.key), ...batch.large])
  return carried(state, batch.finished, {
    pending: batch.large,
    candidates: state.spaces.filter((space) => !done.has(space)),
  })
}

function handBack(
  at: SmallCustomersCheckpoint,
  customer: string,
  window: WindowState
): void {
  at.handedBack[customer] = window
  delete at.running[customer]
}

/** The batch's ports over the worker's tables and migration steps. */
export function smallCustomersPorts(deps: ActivityDeps): SmallCustomersPorts {
  return {
    prepare: prepareCustomer(deps),
    listSpaces: listCustomerSpaces(deps),
    record: recordCustomer(deps),
    spaces: smallSpacesPorts(deps),
  }
}
