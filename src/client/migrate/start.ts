import {
  type Client,
  WorkflowIdConflictPolicy,
  type WorkflowHandle,
} from '@temporalio/client'
import type { Tables } from '../../services/dynamo/index.js'
import {
  customerWorkflowId,
  instanceWorkflowId,
  spaceWorkflowId,
} from '../../workflows/ids.js'
import { fairnessKeyOf } from '../../workflows/fairness.js'
import { migrationMemo } from '../../workflows/memo.js'
import { migrationSearchAttributes } from '../../workflows/search-attributes.js'
import type {
  CustomerInput,
  InstanceInput,
  SpaceInput,
} from '../../workflows/types.js'
import { MigrateInputError } from './options.js'
import type { MigrationPlan } from './plan.js'

export interface Started {
  workflowId: string
  runId: string
  workflowType: string
  /** It was already running: this start attached to it. */
  attached: boolean
  handle: WorkflowHandle
}

/** What a plan starts: the workflow, its ID and its input. */
export async function workflowOf(
  plan: MigrationPlan,
  env: string,
  tables: Pick<Tables, 'consumer'>,
  instanceId?: string
) {
  const run = {
    env,
    mode: plan.mode,
    limit: plan.limit,
    onlyFailed: plan.onlyFailed || undefined,
    recheck: plan.recheck || undefined,
    failureBudget: plan.failureBudget,
    tuning: plan.tuning,
  }
  const { scope } = plan
  if (scope.kind === 'space') {
    const customer = await ownerOfSpace(tables, scope)
    const input: SpaceInput = {
      ...run,
      instanceId,
      customer,
      space: scope.space,
      root: scope.root,
    }
    return {
      type: 'spaceMigrationWorkflow',
      id: spaceWorkflowId(run, scope.space, scope.root),
      input,
      attributes: migrationSearchAttributes(input),
    }
  }
  if (scope.kind === 'customer') {
    const input: CustomerInput = {
      ...run,
      instanceId,
      customer: scope.customer,
    }
    return {
      type: 'customerMigrationWorkflow',
      id: customerWorkflowId(run, scope.customer),
      input,
      attributes: migrationSearchAttributes(input),
    }
  }
  const input: InstanceInput = {
    ...run,
    instanceId: scope.instanceId,
    source: scope.source,
  }
  return {
    type: 'instanceMigrationWorkflow',
    id: instanceWorkflowId(run, scope.instanceId),
    input,
    attributes: migrationSearchAttributes(input),
  }
}

/**
 * Starts the plan's workflow, or attaches to it when it already runs (same deterministic ID).
 * A finished one is started again: it re-checks its scope cheaply and writes only what is missing.
 */
export async function startOrAttach(
  client: Client,
  taskQueue: string,
  workflow: Awaited<ReturnType<typeof workflowOf>>
): Promise<Started> {
  const existing = client.workflow.getHandle(workflow.id)
  const running = await existing
    .describe()
    .then((d) => d.status.name === 'RUNNING')
    .catch(() => false)
  const handle = await client.workflow.start(workflow.type, {
    taskQueue,
    workflowId: workflow.id,
    args: [workflow.input],
    typedSearchAttributes: workflow.attributes,
    memo: migrationMemo(workflow.input),
    ...('customer' in workflow.input && workflow.input.customer
      ? { priority: { fairnessKey: fairnessKeyOf(workflow.input.customer) } }
      : {}),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  })
  return {
    workflowId: workflow.id,
    runId: handle.firstExecutionRunId,
    workflowType: workflow.type,
    attached: running,
    handle: client.workflow.getHandle(workflow.id),
  }
}

/**
 * The customer a space is migrated under: its owner in the consumer table (the customer who
 * provisioned it first, when it is listed more than once); `--customer` must name that one.
 */
async function ownerOfSpace(
  tables: Pick<Tables, 'consumer'>,
  scope: { space: string; customer?: string }
): Promise<string> {
  const owner = (await tables.consumer.ownerOf(scope.space))?.customer
  if (owner && scope.customer && owner !== scope.customer)
    throw new MigrateInputError(
      `space ${scope.space} is migrated under ${owner}, who provisioned it first; give --customer ${owner} or leave --customer out`
    )
  const customer = owner ?? scope.customer
  if (!customer)
    throw new MigrateInputError(
      `space ${scope.space} is provisioned to no customer (consumer table); give --customer`
    )
  return customer
}
