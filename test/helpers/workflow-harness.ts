import { setTimeout as sleep } from 'node:timers/promises'
import type { Client, WorkflowHandle } from '@temporalio/client'
import { DefaultLogger, Runtime } from '@temporalio/worker'
import type {
  customerMigrationWorkflow,
  instanceMigrationWorkflow,
  preflightWorkflow,
  spaceMigrationWorkflow,
} from '../../src/workflows/index.js'
import {
  customerWorkflowId,
  instanceWorkflowId,
  preflightWorkflowId,
  spaceWorkflowId,
} from '../../src/workflows/ids.js'
import { progressQuery } from '../../src/workflows/signals.js'
import {
  type CustomerInput,
  DEFAULT_TUNING,
  type InstanceInput,
  type Progress,
  type SpaceInput,
  type Tuning,
} from '../../src/workflows/types.js'
import { fakeActivities } from './fake-activities.js'
import type { FakeWorld } from './fake-world.js'
import { testStack } from './stack.js'
import { testTemporal } from './temporal.js'

/** An input's fields a test may change; tuning is merged over the defaults. */
export type Overrides<I> = Partial<Omit<I, 'tuning'>> & {
  tuning?: Partial<Tuning>
}

/**
 * The workflow tier's setup: the test stack's Temporal server, and a worker per run on a task
 * queue of its own serving a `FakeWorld`'s activities. Call at the top level of a test file.
 */
export async function workflowHarness(
  /** Merged over the default tuning for every run of the file. */
  tuning: Partial<Tuning> = {}
) {
  Runtime.install({ logger: new DefaultLogger('WARN') })
  const temporal = await testTemporal(await testStack())
  const { client } = temporal
  return {
    client,
    /**
     * Runs `body` while a worker serves `world`; the worker stops when `body` settles, or fails
     * it after `timeoutMs`, so that a workflow that never ends fails its test instead of the file.
     */
    async run<T>(
      world: FakeWorld,
      body: (start: Starters) => Promise<T>,
      timeoutMs = 60_000
    ): Promise<T> {
      const worker = await temporal.createWorker({
        activities: fakeActivities(world),
      })
      const start = starters(client, worker.options.taskQueue, world, tuning)
      const deadline = AbortSignal.timeout(timeoutMs)
      const timedOut = new Promise<never>((_, reject) =>
        deadline.addEventListener('abort', () =>
          reject(new Error(`the workflows did not finish in ${timeoutMs} ms`))
        )
      )
      // Held pages would keep the worker from shutting down after a failed assertion.
      return worker.runUntil(() =>
        Promise.race([body(start), timedOut]).finally(() => world.pages.open())
      )
    },
  }
}

export type Starters = ReturnType<typeof starters>

/** Starts each workflow under its production ID, with the world's `env` and the default tuning. */
function starters(
  client: Client,
  taskQueue: string,
  world: FakeWorld,
  tuning: Partial<Tuning>
) {
  const base = <I extends { tuning: Tuning }>(
    overrides: Overrides<I> | undefined
  ) => ({
    env: world.env,
    mode: 'full' as const,
    ...overrides,
    tuning: { ...DEFAULT_TUNING, ...tuning, ...overrides?.tuning },
  })
  return {
    taskQueue,
    space(space: string, overrides?: Overrides<SpaceInput>) {
      const input: SpaceInput = {
        customer: world.customerOfSpace.get(space) ?? 'unknown',
        space,
        ...base<SpaceInput>(overrides),
      }
      return client.workflow.start<typeof spaceMigrationWorkflow>(
        'spaceMigrationWorkflow',
        {
          taskQueue,
          workflowId: spaceWorkflowId(input, space, input.root),
          args: [input],
        }
      )
    },
    customer(customer: string, overrides?: Overrides<CustomerInput>) {
      const input: CustomerInput = {
        customer,
        ...base<CustomerInput>(overrides),
      }
      return client.workflow.start<typeof customerMigrationWorkflow>(
        'customerMigrationWorkflow',
        {
          taskQueue,
          workflowId: customerWorkflowId(input, customer),
          args: [input],
        }
      )
    },
    instance(overrides?: Overrides<InstanceInput>) {
      const input: InstanceInput = {
        source: { kind: 'list', customers: world.customers },
        ...base<InstanceInput>(overrides),
      }
      return client.workflow.start<typeof instanceMigrationWorkflow>(
        'instanceMigrationWorkflow',
        {
          taskQueue,
          workflowId: instanceWorkflowId(input, 'test'),
          args: [input],
        }
      )
    },
    preflight(env: string) {
      return client.workflow.start<typeof preflightWorkflow>(
        'preflightWorkflow',
        {
          taskQueue,
          workflowId: preflightWorkflowId(world.env, 'test'),
          args: [{ env }],
        }
      )
    },
  }
}

/** Polls the progress query until `predicate` holds (a workflow's state is only seen by query). */
export async function progressUntil(
  handle: WorkflowHandle,
  predicate: (progress: Progress) => boolean,
  timeoutMs = 20_000
): Promise<Progress> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const progress = await handle.query(progressQuery).catch(() => undefined)
    if (progress && predicate(progress)) return progress
    if (Date.now() > deadline)
      throw new Error(
        `progress of ${handle.workflowId} never matched; last ${JSON.stringify(progress)}`
      )
    await sleep(50)
  }
}

type HistoryEvent = NonNullable<
  Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']
>[number]

/** Polls the current run's history until `predicate` holds for its events. */
export async function historyUntil(
  handle: WorkflowHandle,
  predicate: (events: HistoryEvent[]) => boolean,
  timeoutMs = 20_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const events = (await handle.fetchHistory()).events ?? []
    if (predicate(events)) return
    if (Date.now() > deadline)
      throw new Error(`history of ${handle.workflowId} never matched`)
    await sleep(50)
  }
}

/** How many times the workflow's current run scheduled `activity` (attempts not counted). */
export async function scheduledCount(
  handle: WorkflowHandle,
  activity: string
): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? []
  return events.filter(
    (e) =>
      e.activityTaskScheduledEventAttributes?.activityType?.name === activity
  ).length
}

/** Whether the workflow's current run was continued from an earlier run. */
export async function wasContinued(handle: WorkflowHandle): Promise<boolean> {
  const events = (await handle.fetchHistory()).events ?? []
  return Boolean(
    events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId
  )
}

/** A run's result, then its last progress and whether that last run continued from another. */
export async function finishedRun<T extends WorkflowHandle>(handle: T) {
  const result = (await handle.result()) as Awaited<ReturnType<T['result']>>
  return {
    result,
    progress: await progressUntil(handle, () => true),
    continued: await wasContinued(handle),
  }
}
