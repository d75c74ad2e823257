import {
  allHandlersFinished,
  condition,
  ParentClosePolicy,
  proxyActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow'
import type { Activities } from '../activities/index.js'
import { continueKeepingMemo } from './continue-as-new.js'
import { childRun } from './child-run.js'
import { historyIsLong, useControl } from './control.js'
import { useFailureBudget } from './failure-budget.js'
import { isHandover, messageOf, reportToParent, showCounts } from './finish.js'
import { spaceWorkflowId } from './ids.js'
import { skipsCompleted, tracksProgress, writesIndexes } from './modes.js'
import { migrationMemo } from './memo.js'
import { migrationSearchAttributes } from './search-attributes.js'
import {
  newWindow,
  windowProgress,
  pageOfList,
  useWindow,
} from './sliding-window.js'
import { SPACES_PER_PAGE } from './small-customers.js'
import { smallSpaceBatcher } from './small-spaces.js'
import { spaceMigrationWorkflow } from './space.js'
import type {
  CustomerInput,
  CustomerResult,
  ScopeStatus,
  WindowState,
} from './types.js'

const { prepareCustomer, recordCustomer, listCustomerSpaces } =
  proxyActivities<Activities>({
    startToCloseTimeout: '1 minute',
    retry: {
      initialInterval: '1 second',
      maximumInterval: '1 minute',
      maximumAttempts: 10,
    },
  })

/**
 * One customer: its migration space once, then its spaces: the small ones in batch activities
 * (`smallSpaceBatcher`), the others (and all of them when batches are off) through space
 * workflows in a sliding window; continues as new with its cursor, the spaces not batched yet
 * and the spaces still running. A customer handed back by a batch of customers starts from the
 * window the batch left (`state`: prepared, its finished spaces counted, the rest to run).
 */
export async function customerMigrationWorkflow(
  input: CustomerInput
): Promise<CustomerResult> {
  const state: WindowState = input.state ?? newWindow()
  const run = { env: input.env, mode: input.mode, onlyFailed: input.onlyFailed }
  const childId = (space: string) => spaceWorkflowId(run, space, input.root)
  const control = useControl(
    input,
    () => windowProgress('customer', state),
    () => state.running.map(childId),
    input.parent
  )
  const budget = useFailureBudget(
    input.failureBudget,
    control,
    state,
    `customer ${input.customer}`
  )
  const window = useWindow(state, () => budget.check(state.counts))
  const track = tracksProgress(input.mode) && !input.root && !input.onlyFailed
  let result: CustomerResult
  try {
    if (!state.prepared) {
      const prepared = await prepareCustomer({
        customer: input.customer,
        instanceId: input.instanceId,
        track,
        createMigrationSpace: writesIndexes(input.mode),
      })
      state.prepared = true
      state.error = prepared.error
      if (prepared.wasCompleted) state.wasCompleted = true
    }
    // The customer's counts on its search attributes after each batch: one action a batch.
    const batch = smallSpaceBatcher(input, control, () =>
      showCounts(state.counts)
    )
    // Spaces a batch of customers left for batches, when this run has none: each its workflow.
    if (!batch && state.candidates?.length) {
      state.pending.push(...state.candidates)
      state.candidates = []
    }
    if (!state.error) {
      const outcome = await window.run({
        listPage: (cursor) =>
          input.spaces
            ? Promise.resolve(pageOfList(input.spaces, cursor, SPACES_PER_PAGE))
            : listCustomerSpaces({
                customer: input.customer,
                cursor,
                pageSize: SPACES_PER_PAGE,
                skipCompleted: skipsCompleted(input),
                onlyFailed: input.onlyFailed,
              }),
        startChild: async (space, limit) => {
          await startChild(spaceMigrationWorkflow, {
            workflowId: childId(space),
            parentClosePolicy: ParentClosePolicy.ABANDON,
            typedSearchAttributes: migrationSearchAttributes({
              ...input,
              space,
            }),
            memo: migrationMemo({ ...input, ...control.current(), space }),
            args: [
              {
                ...childRun(input),
                root: input.root,
                ...control.current(),
                customer: input.customer,
                space,
                limit,
                parent: { workflowId: workflowInfo().workflowId },
              },
            ],
          })
        },
        concurrency: () => control.tuning.spaceConcurrency,
        paused: () => control.paused,
        shouldContinueAsNew: () =>
          historyIsLong(control.tuning.maxHistoryEvents),
        limit: input.limit,
        batch,
      })
      if (outcome === 'continue') {
        if (track && !state.wasCompleted)
          await record(input, state, 'in-progress')
        showCounts(state.counts)
        await condition(allHandlersFinished)
        await continueKeepingMemo<typeof customerMigrationWorkflow>({
          ...input,
          ...control.current(),
          state: { ...state, runs: state.runs + 1 },
        })
      }
    }
    result = resultOf(input, state, statusOf(state, window.partial))
  } catch (err) {
    if (isHandover(err)) throw err
    result = resultOf(input, state, 'failed', messageOf(err))
  }
  // A run that stops short of a completed customer (`--limit`) leaves its row as it was.
  if (track && !(state.wasCompleted && result.status === 'partial'))
    await record(input, state, rowStatus(result.status), result.error).catch(
      () => undefined
    )
  showCounts(result, result.status)
  await reportToParent(input.parent, { key: input.customer, ...result })
  return result
}

function statusOf(state: WindowState, partial: boolean): ScopeStatus {
  if (state.error || state.failed > 0) return 'failed'
  return partial ? 'partial' : 'completed'
}

const rowStatus = (status: ScopeStatus) =>
  status === 'partial' ? 'pending' : status === 'skipped' ? 'completed' : status

function record(
  input: CustomerInput,
  state: WindowState,
  status: 'in-progress' | 'completed' | 'failed' | 'pending',
  error?: string
) {
  return recordCustomer({
    customer: input.customer,
    instanceId: input.instanceId,
    status,
    completedSpaces: state.finished - state.failed,
    // A completed space skipped by this run still counts: a re-run never lowers the row.
    completedUploads: state.counts.processed + (state.counts.skipped ?? 0),
    error,
  })
}

function resultOf(
  input: CustomerInput,
  state: WindowState,
  status: ScopeStatus,
  error = state.error ??
    (state.failed > 0 ? `${state.failed} spaces failed` : undefined)
): CustomerResult {
  return {
    customer: input.customer,
    status,
    ...state.counts,
    spaces: state.finished,
    spacesFailed: state.failed,
    ...(error ? { error } : {}),
  }
}
