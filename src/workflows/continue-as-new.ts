import {
  makeContinueAsNewFunc,
  type Workflow,
  workflowInfo,
} from '@temporalio/workflow'

/**
 * `continueAsNew` that keeps the run's memo: the server starts the new run with the memo the
 * command carries and nothing else (search attributes are carried by the SDK, memos are not).
 */
export function continueKeepingMemo<F extends Workflow>(
  ...args: Parameters<F>
): Promise<never> {
  return makeContinueAsNewFunc<F>({ memo: workflowInfo().memo })(...args)
}
