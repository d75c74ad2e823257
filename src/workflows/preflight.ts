import {
  ApplicationFailure,
  proxyActivities,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow'
import type { Activities } from '../activities/index.js'
import { MigrationStatus } from './search-attributes.js'
import type { PreflightInput, PreflightResult } from './types.js'

const quickActivity = {
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
} as const

const { describeWorker } = proxyActivities<Activities>(quickActivity)

/**
 * Proves a deployment can run a migration before one starts: a worker polls the task queue and
 * runs workflow and activity code, it serves the expected environment, and the namespace has the
 * migration's search attributes (an upsert of an unregistered one fails the workflow task).
 */
export async function preflightWorkflow(
  input: PreflightInput
): Promise<PreflightResult> {
  upsertSearchAttributes([{ key: MigrationStatus, value: 'running' }])
  const worker = await describeWorker()
  if (worker.env !== input.env) {
    throw ApplicationFailure.nonRetryable(
      `worker ${worker.identity} serves STORACHA_ENV=${worker.env}, expected ${input.env}`,
      'EnvironmentMismatch'
    )
  }
  upsertSearchAttributes([{ key: MigrationStatus, value: 'completed' }])
  return { workflowId: workflowInfo().workflowId, worker }
}
