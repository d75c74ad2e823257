/**
 * One migration on the in-process worker, from the instance workflow down, and what its
 * workflow histories hold.
 */
import type { Client } from '@temporalio/client'
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js'
import { setTimeout as sleep } from 'node:timers/promises'
import { instanceWorkflowId } from '../../src/workflows/ids.js'
import { migrationSearchAttributes } from '../../src/workflows/search-attributes.js'
import {
  DEFAULT_TUNING,
  type InstanceInput,
  type InstanceResult,
  type MigrationMode,
  type Tuning,
} from '../../src/workflows/types.js'
import { type CpuSnapshot, cpuNow, cpuSince, secondsSince } from './measure.js'
import type { BenchWorld } from './world.js'

export interface InstanceRun {
  instanceId: string
  result: InstanceResult
  seconds: number
  cpu: CpuSnapshot
}

let instances = 0

/** What a migration run needs of a world: its Temporal side and its configuration. */
export type TemporalWorld = Pick<BenchWorld, 'temporal' | 'config'>

/** Starts an instance migration of `customers`, without waiting for it. */
export async function startInstance(
  world: TemporalWorld,
  {
    customers,
    mode,
    tuning,
    label,
  }: {
    customers: string[]
    mode: MigrationMode
    tuning: Partial<Tuning>
    label: string
  }
) {
  const { client, taskQueue } = await world.temporal()
  const instanceId = `bench-${label}-${Date.now().toString(36)}-${++instances}`
  const input: InstanceInput = {
    env: world.config.env,
    mode,
    instanceId,
    source: { kind: 'list', customers },
    tuning: { ...DEFAULT_TUNING, ...tuning },
  }
  const handle = await client.workflow.start('instanceMigrationWorkflow', {
    taskQueue,
    workflowId: instanceWorkflowId(input, instanceId),
    args: [input],
    typedSearchAttributes: migrationSearchAttributes(input),
  })
  return { instanceId, input, handle }
}

/** Starts an instance migration of `customers` and waits for its result. */
export async function runInstance(
  world: TemporalWorld,
  options: Parameters<typeof startInstance>[1]
): Promise<InstanceRun> {
  const { workerStopped } = await world.temporal()
  const cpu = cpuNow()
  const started = process.hrtime.bigint()
  const { instanceId, handle } = await startInstance(world, options)
  const result = (await Promise.race([
    handle.result(),
    workerStopped,
  ])) as InstanceResult
  return {
    instanceId,
    result,
    seconds: secondsSince(started),
    cpu: cpuSince(cpu),
  }
}

/** Temporal Cloud bills these events as actions (heartbeats and queries are not in history). */
const BILLED = new Set([
  'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
  'EVENT_TYPE_ACTIVITY_TASK_STARTED',
  'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
  'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
  'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES',
  'EVENT_TYPE_TIMER_STARTED',
])

export interface HistoryCost {
  runs: number
  events: number
  actions: number
  largest: { events: number; workflowId: string }
  /** Runs by workflow type, continue-as-new runs included. */
  runsByType: Record<string, number>
  /** Billable actions by the event type that records them. */
  actionsByEvent: Record<string, number>
}

/**
 * Reads back every workflow run of an instance (listed by its search attribute) and counts the
 * history events and the billable actions. Visibility is eventually consistent: the list is
 * read again until two reads agree.
 */
export async function historyCost(
  client: Client,
  instanceId: string
): Promise<HistoryCost> {
  const query = `MigrationInstance = "${instanceId}"`
  let runs: { workflowId: string; runId: string; type: string }[] = []
  for (let attempt = 0; attempt < 20; attempt++) {
    const listed: typeof runs = []
    for await (const run of client.workflow.list({ query }))
      listed.push({
        workflowId: run.workflowId,
        runId: run.runId,
        type: run.type,
      })
    if (listed.length > 0 && listed.length === runs.length) break
    runs = listed
    await sleep(500)
  }
  const cost: HistoryCost = {
    runs: 0,
    events: 0,
    actions: 0,
    largest: { events: 0, workflowId: '' },
    runsByType: {},
    actionsByEvent: {},
  }
  for (const run of runs) {
    const history = await client.workflow
      .getHandle(run.workflowId, run.runId)
      .fetchHistory()
    const types = eventTypes(history)
    cost.runs++
    cost.runsByType[run.type] = (cost.runsByType[run.type] ?? 0) + 1
    cost.events += types.length
    for (const type of types.filter((t) => BILLED.has(t))) {
      cost.actions++
      cost.actionsByEvent[type] = (cost.actionsByEvent[type] ?? 0) + 1
    }
    if (types.length > cost.largest.events)
      cost.largest = { events: types.length, workflowId: run.workflowId }
  }
  return cost
}

/** Event type names, as the history's JSON form spells them. */
function eventTypes(history: Parameters<typeof historyToJSON>[0]): string[] {
  const json = JSON.parse(historyToJSON(history)) as {
    events?: { eventType: string }[]
  }
  return (json.events ?? []).map((e) => e.eventType)
}
