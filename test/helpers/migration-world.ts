import { randomUUID } from 'node:crypto'
import type { Client } from '@temporalio/client'
import { SANDBOX_QUEUES } from '../../src/sandbox/sandbox.js'
import type { SeedOptions } from '../../src/sandbox/seed/plan.js'
import type { UploadFailure } from '../../src/services/dynamo/migration-failures-table.js'
import type { World } from '../../src/sandbox/world/start-world.js'
import type { WorkerTuning } from '../../src/workers/worker-tuning.js'
import { instanceWorkflowId } from '../../src/workflows/ids.js'
import { migrationSearchAttributes } from '../../src/workflows/search-attributes.js'
import {
  DEFAULT_TUNING,
  type InstanceInput,
  type Tuning,
} from '../../src/workflows/types.js'
import { testWorld } from './test-world.js'

/**
 * A seeded sandbox world, a Temporal client, and a way to run workers of the real migration on
 * it (in this process, on a task queue of the world's own). Call at the top level of a test file.
 */
export async function migrationWorld(
  seed: Partial<SeedOptions>,
  overrides: { temporalAddress?: string } = {}
) {
  const world = await testWorld({
    temporalAddress: overrides.temporalAddress,
    taskQueue: `migration-${randomUUID()}`,
  })
  const { uploads } = await world.seed(seed)
  const { config, env, sandbox, tables } = world
  const taskQueue = config.temporal.taskQueue
  const client = await world.temporalClient()
  const workflowBundle = await world.workflowBundle()
  const customers = await seededCustomers(world)

  /** Runs a worker until `work` settles; no grace time, as a test's work is done when it settles. */
  const withWorker = <T>(
    work: () => Promise<T>,
    tuning: Partial<WorkerTuning> = {}
  ): Promise<T> =>
    world.withWorker(work, {
      timeoutMs: 5_000,
      shutdownGraceSeconds: 0,
      ...tuning,
    })

  function startInstance(
    instance: string,
    input: Partial<Omit<InstanceInput, 'tuning'>> & {
      tuning?: Partial<Tuning>
    } = {}
  ) {
    return startInstanceOn(client, taskQueue, instance, {
      env: config.env,
      mode: 'full',
      source: { kind: 'list', customers },
      ...input,
      instanceId: instance,
      tuning: { ...DEFAULT_TUNING, ...input.tuning },
    })
  }

  /** Every failure row of the seeded spaces. */
  const failureRows = async (): Promise<UploadFailure[]> => {
    const all: UploadFailure[] = []
    for (const space of new Set(uploads.map((u) => u.space)))
      for await (const page of tables.migrationFailures.bySpace(space))
        all.push(...page)
    return all
  }

  const sideEffects = () => ({
    ledger: sandbox.ledger.all().length,
    ipni: Object.values(SANDBOX_QUEUES).reduce(
      (n, q) => n + sandbox.s3sqs.queueMessages(q).length,
      0
    ),
  })

  return {
    sandbox,
    tables,
    dynamo: world.dynamo,
    uploads,
    env,
    config,
    temporal: { client, namespace: config.temporal.namespace },
    taskQueue,
    /** The built workflow bundle, for a worker of the test's own. */
    workflowBundle,
    customers,
    withWorker,
    startInstance,
    sideEffects,
    failureRows,
  }
}

export function startInstanceOn(
  client: Client,
  taskQueue: string,
  instance: string,
  input: InstanceInput
) {
  return client.workflow.start('instanceMigrationWorkflow', {
    taskQueue,
    workflowId: instanceWorkflowId(input, `${instance}-${randomUUID()}`),
    args: [input],
    typedSearchAttributes: migrationSearchAttributes({
      ...input,
      instanceId: instance,
    }),
  })
}

/** Every customer with a space in the consumer table, each once. */
async function seededCustomers(world: World) {
  const customers = new Set<string>()
  for await (const page of world.tables.consumer.scanSegment(0, 1))
    for (const { customer } of page) customers.add(customer)
  return [...customers].sort()
}
