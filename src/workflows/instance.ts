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
import { customerMigrationWorkflow } from './customer.js'
import { showCounts } from './finish.js'
import { useFailureBudget } from './failure-budget.js'
import { fairnessKeyOf } from './fairness.js'
import { customerWorkflowId } from './ids.js'
import { migrationMemo } from './memo.js'
import { migrationSearchAttributes } from './search-attributes.js'
import { newWindow, useWindow, windowProgress } from './sliding-window.js'
import { smallCustomerBatcher } from './small-customers.js'
import type {
  InstanceInput,
  InstanceResult,
  ScopeStatus,
  WindowState,
} from './types.js'

const { listCustomers } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
})

const CUSTOMERS_PER_PAGE = 100

/**
 * A host's share of the migration (or all of it): its small customers in batch activities
 * (`smallCustomerBatcher`), the others (and all of them when batches are off) through customer
 * workflows in a sliding window, continuing as new with its cursor, the customers not batched
 * yet and those handed back, for any number of customers.
 */
export async function instanceMigrationWorkflow(
  input: InstanceInput
): Promise<InstanceResult> {
  const state: WindowState = input.state ?? newWindow()
  const run = { env: input.env, mode: input.mode, onlyFailed: input.onlyFailed }
  const childId = (customer: string) => customerWorkflowId(run, customer)
  const control = useControl(
    input,
    () => windowProgress('instance', state),
    () => state.running.map(childId)
  )
  const budget = useFailureBudget(
    input.failureBudget,
    control,
    state,
    `instance ${input.instanceId ?? ''}`.trim()
  )
  const window = useWindow(state, () => budget.check(state.counts))
  const outcome = await window.run({
    listPage: (cursor) =>
      listCustomers({
        source: input.source,
        cursor,
        pageSize: CUSTOMERS_PER_PAGE,
      }),
    startChild: async (customer, limit) => {
      const handedBack = state.handedBack?.[customer]
      await startChild(customerMigrationWorkflow, {
        workflowId: childId(customer),
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // Its spaces' workflows and every activity under it inherit the key.
        priority: { fairnessKey: fairnessKeyOf(customer) },
        typedSearchAttributes: migrationSearchAttributes({
          ...input,
          customer,
        }),
        memo: migrationMemo({
          ...input,
          ...control.current(),
          source: undefined,
          customer,
        }),
        args: [
          {
            ...childRun(input),
            ...control.current(),
            customer,
            limit,
            parent: { workflowId: workflowInfo().workflowId },
            ...(handedBack ? { state: handedBack } : {}),
          },
        ],
      })
      if (handedBack) delete state.handedBack?.[customer]
    },
    concurrency: () => control.tuning.customerConcurrency,
    paused: () => control.paused,
    shouldContinueAsNew: () => historyIsLong(control.tuning.maxHistoryEvents),
    limit: input.limit,
    batch: smallCustomerBatcher(input, control, state),
  })
  if (outcome === 'continue') {
    showCounts(state.counts)
    await condition(allHandlersFinished)
    await continueKeepingMemo<typeof instanceMigrationWorkflow>({
      ...input,
      ...control.current(),
      state: { ...state, runs: state.runs + 1 },
    })
  }
  const status: ScopeStatus =
    state.failed > 0 ? 'failed' : window.partial ? 'partial' : 'completed'
  const result: InstanceResult = {
    status,
    ...state.counts,
    customers: state.finished,
    customersFailed: state.failed,
  }
  showCounts(result, status)
  return result
}
