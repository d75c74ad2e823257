import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { WorkflowFailedError } from '@temporalio/client'
import { ApplicationFailure } from '@temporalio/common'
import { describeWorker } from '../../src/activities/describe-worker.js'
import { preflightWorkflow } from '../../src/workflows/index.js'
import { preflightWorkflowId } from '../../src/workflows/ids.js'
import {
  MigrationEnv,
  MigrationInstance,
  MigrationStatus,
} from '../../src/workflows/search-attributes.js'
import { testStack } from '../helpers/stack.js'
import { listUntil, testTemporal } from '../helpers/temporal.js'

const { client, createWorker } = await testTemporal(await testStack())

describe('a real workflow on the real dev server', () => {
  it('runs through a worker and is found by its search attributes', async () => {
    const instance = `smoke-${randomUUID()}`
    const worker = await createWorker({
      activities: preflightActivities({
        worker: {
          identity: 'smoke-worker',
          label: 'smoke-worker',
          env: 'local',
          taskQueue: 'q',
        },
      }),
    })
    const workflowId = preflightWorkflowId('local', instance)
    const result = await worker.runUntil(
      client.workflow.execute(preflightWorkflow, {
        workflowId,
        taskQueue: worker.options.taskQueue,
        args: [{ env: 'local' }],
        typedSearchAttributes: [
          { key: MigrationEnv, value: 'local' },
          { key: MigrationInstance, value: instance },
        ],
      })
    )
    assert.equal(result.workflowId, workflowId)
    assert.equal(result.worker.identity, 'smoke-worker')

    const description = await client.workflow.getHandle(workflowId).describe()
    assert.equal(
      description.typedSearchAttributes.get(MigrationStatus),
      'completed'
    )

    const found = await listUntil(
      client,
      `MigrationInstance = '${instance}' AND MigrationStatus = 'completed' AND MigrationEnv = 'local'`,
      1
    )
    assert.deepEqual(
      found.map((e) => e.workflowId),
      [workflowId]
    )
  })

  it('fails without retrying when the workers serve another environment', async () => {
    const worker = await createWorker({
      activities: preflightActivities({
        worker: {
          identity: 'staging-worker',
          label: 'staging-worker',
          env: 'staging',
          taskQueue: 'q',
        },
      }),
    })
    const run = client.workflow.execute(preflightWorkflow, {
      workflowId: preflightWorkflowId('production', randomUUID()),
      taskQueue: worker.options.taskQueue,
      args: [{ env: 'production' }],
    })
    await assert.rejects(worker.runUntil(run), (err: unknown) => {
      assert.ok(err instanceof WorkflowFailedError)
      assert.ok(err.cause instanceof ApplicationFailure)
      assert.equal(err.cause.type, 'EnvironmentMismatch')
      assert.match(
        err.cause.message,
        /serves STORACHA_ENV=staging, expected production/
      )
      return true
    })
  })
})

/** The preflight needs one activity; the migration's own are tested with the sandbox. */
const preflightActivities = (deps: Parameters<typeof describeWorker>[0]) => ({
  describeWorker: describeWorker(deps),
})
