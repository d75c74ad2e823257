import { tableEnv } from '../../src/config/table-env.js'
import { randomUUID } from 'node:crypto'
import type { Client } from '@temporalio/client'
import { createActivities } from '../../src/activities/index.js'
import { loadConfig } from '../../src/config/index.js'
import type { SeedOptions } from '../../src/sandbox/seed/plan.js'
import { SANDBOX_QUEUES } from '../../src/sandbox/sandbox.js'
import { createDeps } from '../../src/workers/deps.js'
import { instanceWorkflowId } from '../../src/workflows/ids.js'
import { migrationSearchAttributes } from '../../src/workflows/search-attributes.js'
import {
  DEFAULT_TUNING,
  type InstanceInput,
  type Tuning,
} from '../../src/workflows/types.js'
import { seededSandbox } from './seeded-sandbox.js'
import { testStack } from './stack.js'
import { testTemporal } from './temporal.js'

/**
 * A seeded sandbox world, a Temporal client, and a way to run workers of the real migration on
 * it (in this process, on a task queue of the world's own). Call at the top level of a test file.
 */
export async function migrationWorld(
  seed: Partial<SeedOptions>,
  overrides: { temporalAddress?: string } = {}
) {
  const stackEnv = {
    ...(await testStack()),
    ...(overrides.temporalAddress
      ? { TEMPORAL_ADDRESS: overrides.temporalAddress }
      : {}),
  }
  const world = await seededSandbox(seed)
  const temporal = await testTemporal(stackEnv)
  const env = {
    ...stackEnv,
    ...world.sandbox.env,
    ...tableEnv(world.names),
    TEMPORAL_TASK_QUEUE: `migration-${randomUUID()}`,
  }
  const config = loadConfig(env, [
    'dynamo',
    'services',
    'publishing',
    'signing',
    'temporal',
  ])
  const taskQueue = config.temporal.taskQueue
  const customers = await seededCustomers(world)

  /** Runs a worker until `work` settles. */
  async function withWorker<T>(work: () => Promise<T>): Promise<T> {
    const { ports, close } = await createDeps(config, {
      timeoutMs: 5_000,
    })
    const worker = await temporal.createWorker({
      taskQueue,
      activities: createActivities({
        worker: { identity: 'test-worker', env: config.env, taskQueue },
        migration: ports,
      }),
    })
    try {
      return await worker.runUntil(work())
    } finally {
      close()
    }
  }

  function startInstance(
    instance: string,
    input: Partial<Omit<InstanceInput, 'tuning'>> & {
      tuning?: Partial<Tuning>
    } = {}
  ) {
    return startInstanceOn(temporal.client, taskQueue, instance, {
      env: config.env,
      mode: 'full',
      source: { kind: 'list', customers },
      ...input,
      instanceId: instance,
      tuning: { ...DEFAULT_TUNING, ...input.tuning },
    })
  }

  const sideEffects = () => ({
    ledger: world.sandbox.ledger.all().length,
    ipni: Object.values(SANDBOX_QUEUES).reduce(
      (n, q) => n + world.sandbox.s3sqs.queueMessages(q).length,
      0
    ),
  })

  return {
    ...world,
    env,
    config,
    temporal,
    taskQueue,
    customers,
    withWorker,
    startInstance,
    sideEffects,
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
async function seededCustomers(
  world: Awaited<ReturnType<typeof seededSandbox>>
) {
  const customers = new Set<string>()
  for await (const page of world.tables.consumer.scanSegment(0, 1))
    for (const { customer } of page) customers.add(customer)
  return [...customers].sort()
}
