/**
 * `npm run bench:workflows`: what the migration costs on Temporal. Seeds a world on the embedded
 * stack, migrates it with one in-process worker, then reads back every workflow run of the
 * instance and prints history events and billable actions per 1,000 uploads, the largest single
 * history, and the wall time. Prints figures; asserts nothing.
 *   npm run bench:workflows -- --customers 5 --spaces 4 --uploads 50
 *   npm run bench:workflows -- --customers 1 --spaces 1 --uploads 2000   (one huge space)
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client, Connection } from '@temporalio/client'
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js'
import { NativeConnection, Runtime, Worker } from '@temporalio/worker'
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { createActivities } from '../src/activities/index.js'
import { loadConfig } from '../src/config/load.js'
import { DEFAULT_SEED_OPTIONS } from '../src/sandbox/seed/plan.js'
import { seedSandbox } from '../src/sandbox/seed/seed-sandbox.js'
import { startSandboxWithStack } from '../src/sandbox/start-with-stack.js'
import { createDynamoClient } from '../src/services/dynamo/index.js'
import { jsonLogger } from '../src/workers/json-logger.js'
import { createDeps } from '../src/workers/deps.js'
import { instanceWorkflowId } from '../src/workflows/ids.js'
import { migrationSearchAttributes } from '../src/workflows/search-attributes.js'
import { DEFAULT_TUNING, type InstanceInput } from '../src/workflows/types.js'

const argv = await yargs(hideBin(process.argv))
  .option('customers', { type: 'number', default: 5 })
  .option('spaces', { type: 'number', default: 4, describe: 'per customer' })
  .option('uploads', { type: 'number', default: 50, describe: 'per space' })
  .option('page-size', { type: 'number', default: DEFAULT_TUNING.pageSize })
  .option('metadata-only', {
    type: 'boolean',
    default: false,
    describe: 'no CARs: every upload fails at indexing, same orchestration',
  })
  .strict()
  .parse()

/** Temporal Cloud bills these events as actions (heartbeats and queries are not in history). */
const BILLED = new Set([
  'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
  'EVENT_TYPE_ACTIVITY_TASK_STARTED',
  'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
  'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
  'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES',
  'EVENT_TYPE_TIMER_STARTED',
])

Runtime.install({ logger: jsonLogger('WARN') })
const world = await startSandboxWithStack({
  dir: mkdtempSync(join(tmpdir(), 'bench-workflows-')),
  headless: true,
  install: true,
})
try {
  const config = loadConfig(world.env, [
    'dynamo',
    'services',
    'publishing',
    'signing',
    'temporal',
  ])
  const dynamo = createDynamoClient(config.dynamo)
  const customers = new Set<string>()
  let uploads = 0
  let seconds = Date.now()
  await seedSandbox(
    world.sandbox,
    { client: dynamo, tables: config.dynamo.tables },
    {
      ...DEFAULT_SEED_OPTIONS,
      seed: 'bench-workflows',
      customers: argv.customers,
      spacesPerCustomer: argv.spaces,
      uploadsPerSpace: argv.uploads,
      metadataOnly: argv['metadata-only'],
    },
    (u) => {
      customers.add(u.customer)
      uploads++
    }
  )
  console.log(
    `seeded ${uploads} uploads of ${customers.size} customers in ${((Date.now() - seconds) / 1000).toFixed(1)} s`
  )
  const { ports, close } = await createDeps(config)
  const connection = await NativeConnection.connect({
    address: config.temporal.address,
  })
  const { taskQueue, namespace } = config.temporal
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: fileURLToPath(
      new URL('../src/workflows/index.ts', import.meta.url)
    ),
    activities: createActivities({
      worker: { identity: 'bench', env: config.env, taskQueue },
      migration: ports,
    }),
  })
  const client = new Client({
    connection: await Connection.connect({ address: config.temporal.address }),
    namespace,
  })
  const instanceId = `bench-${Date.now()}`
  const input: InstanceInput = {
    env: config.env,
    mode: 'full',
    instanceId,
    source: { kind: 'list', customers: [...customers].sort() },
    tuning: { ...DEFAULT_TUNING, pageSize: argv['page-size'] },
  }
  seconds = Date.now()
  const result = await worker.runUntil(async () => {
    const handle = await client.workflow.start('instanceMigrationWorkflow', {
      taskQueue,
      workflowId: instanceWorkflowId(input, instanceId),
      args: [input],
      typedSearchAttributes: migrationSearchAttributes(input),
    })
    return handle.result()
  })
  const wall = (Date.now() - seconds) / 1000
  close()
  let events = 0
  let actions = 0
  let runs = 0
  let largest = { events: 0, workflowId: '' }
  for await (const run of client.workflow.list({
    query: `MigrationInstance = "${instanceId}"`,
  })) {
    const history = await client.workflow
      .getHandle(run.workflowId, run.runId)
      .fetchHistory()
    const list = eventTypes(history)
    runs++
    events += list.length
    actions += list.filter((type) => BILLED.has(type)).length
    if (list.length > largest.events)
      largest = { events: list.length, workflowId: run.workflowId }
  }
  const per1000 = (n: number) => ((n / result.processed) * 1000).toFixed(0)
  console.log(
    [
      `uploads processed    ${result.processed} (${result.migrated} migrated, ${result.alreadyMigrated} already, ${result.failed} failed)`,
      `wall time            ${wall.toFixed(1)} s (${(result.processed / wall).toFixed(1)} uploads/s, one worker)`,
      `workflow runs        ${runs}`,
      `history events       ${events} (${per1000(events)} per 1,000 uploads)`,
      `billable actions     ${actions} (${per1000(actions)} per 1,000 uploads; heartbeats not counted)`,
      `largest history      ${largest.events} events (${largest.workflowId})`,
    ].join('\n')
  )
  await connection.close()
  dynamo.destroy()
} finally {
  await world.stop()
}

/** Event type names, as the history's JSON form spells them. */
function eventTypes(history: Parameters<typeof historyToJSON>[0]): string[] {
  const json = JSON.parse(historyToJSON(history)) as {
    events?: { eventType: string }[]
  }
  return (json.events ?? []).map((e) => e.eventType)
}
