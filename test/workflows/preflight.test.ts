import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { WorkflowFailedError } from '@temporalio/client'
import { ApplicationFailure } from '@temporalio/common'
import { preflightWorkflowId } from '../../src/workflows/ids.js'
import { FakeWorld } from '../helpers/fake-world.js'
import { workflowHarness } from '../helpers/workflow-harness.js'

const harness = await workflowHarness()

const emptyWorld = () =>
  new FakeWorld({ customers: 0, spacesPerCustomer: 0, uploadsPerSpace: 0 })

describe('preflight workflow', () => {
  it('describes the worker that serves the expected environment', async () => {
    const world = emptyWorld()
    const result = await harness.run(world, async (start) =>
      (await start.preflight(world.env)).result()
    )
    assert.equal(result.workflowId, preflightWorkflowId(world.env, 'test'))
    assert.equal(result.worker.env, world.env)
    assert.equal(result.worker.identity, 'fake-worker')
    assert.equal(world.callsOf('describeWorker').length, 1)
  })

  it('fails for good when the worker serves another environment', async () => {
    const world = emptyWorld()
    world.workerEnv = 'production'
    const failure = await harness.run(world, async (start) =>
      (await start.preflight(world.env)).result().then(
        () => assert.fail('preflight passed'),
        (err: unknown) => err
      )
    )
    assert.ok(failure instanceof WorkflowFailedError)
    const cause = failure.cause
    assert.ok(cause instanceof ApplicationFailure)
    assert.equal(cause.type, 'EnvironmentMismatch')
    assert.equal(cause.nonRetryable, true)
    assert.match(cause.message, /serves STORACHA_ENV=production/)
  })
})
