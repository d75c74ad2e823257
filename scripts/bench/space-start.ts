/**
 * `npm run bench -- space-start`: how soon a large space starts migrating. Seeds one
 * metadata-only space per size, times the old design's start (a full COUNT of the space before
 * its first page) on the same table, then starts a migration of the space and reads from its
 * workflow history when its first page started and when its count (first page in `beginSpace`,
 * the rest in `countSpaceUploads`, alongside the pages) was done. The migration is terminated
 * once both are known. A space of 10 uploads goes first, unreported, to warm the worker.
 * Prints figures; asserts nothing.
 *   npm run bench -- space-start --sizes 1000,100000,1000000
 */
import { isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client'
import { tsToMs } from '@temporalio/common/lib/time.js'
import { setTimeout as sleep } from 'node:timers/promises'
import { customerWorkflowId, spaceWorkflowId } from '../../src/workflows/ids.js'
import { DEFAULT_TUNING, type UploadCount } from '../../src/workflows/types.js'
import {
  type ActivityRun,
  activityRuns,
} from '../../test/helpers/activity-timeline.js'
import { createDynamoClient } from '../../src/services/dynamo/client.js'
import { useUploadTable } from '../../src/services/dynamo/upload-table.js'
import { benchCommand } from './bench-command.js'
import { secondsSince } from './measure.js'
import { seedMetadataOnly } from './seed.js'
import { fixed, int, section, table } from './table.js'
import { startInstance } from './temporal-run.js'
import type { BenchWorld } from './world.js'

export interface SpaceStartRow {
  uploads: number
  seedSeconds: number
  /** DynamoDB pages (1 MB read each) of a count of the space. */
  countPages: number
  /** The old design: a full COUNT before the first page. */
  fullCountSeconds: number
  /** From the instance workflow's start. */
  firstPageSeconds: number
  /** From the space workflow's start. */
  firstPageInSpaceSeconds: number
  countDoneSeconds: number
  /** From `beginSpace` started (the count's first page) to the count done. */
  countSeconds: number
}

export const spaceStartCommand = benchCommand({
  command: 'space-start',
  describe:
    'time to start a large space: first page and count, next to a full COUNT first',
  flags: (argv) =>
    argv
      .option('sizes', {
        type: 'string',
        default: '1000,100000',
        describe: 'uploads of the one space, per run (metadata-only)',
        coerce: (value: string) => value.split(',').map(Number),
      })
      .option('page-size', {
        type: 'number',
        default: DEFAULT_TUNING.pageSize,
      }),
  async run(argv, world) {
    await world.temporal()
    const tag = Date.now().toString(36)
    // Not reported: the first migration of a worker pays for its caches and connections.
    await measure(world, 10, argv.pageSize, `${tag}-warm-up`)
    const rows: SpaceStartRow[] = []
    for (const size of argv.sizes) {
      // A size the stack cannot hold (DynamoDB Local failing a COUNT) is reported, not fatal.
      try {
        rows.push(await measure(world, size, argv.pageSize, tag))
      } catch (err) {
        console.error(
          `[space-start ${size}] failed: ${err instanceof Error ? err.message : String(err)}`
        )
        process.exitCode = 1
        continue
      }
      printSpaceStart(rows)
    }
  },
})

async function measure(
  world: BenchWorld,
  size: number,
  pageSize: number,
  tag: string
): Promise<SpaceStartRow> {
  const log = (line: string) => console.error(`[space-start ${size}] ${line}`)
  const seeded = await seedMetadataOnly(world, {
    seed: `bench-start-${size}-${tag}`,
    customers: 1,
    spacesPerCustomer: 1,
    uploadsPerSpace: size,
    largeSpaces: 0,
    largeSpaceUploads: 0,
  })
  const [customer] = seeded.customers
  const [space] = seeded.spaces
  if (!customer || !space) throw new Error('the seeder wrote no space')
  log(
    `seeded in ${seeded.seconds.toFixed(1)} s (${(size / seeded.seconds).toFixed(0)} uploads/s)`
  )

  const { fullCountSeconds, countPages } = await fullCount(world, space, size)
  log(`full COUNT ${fullCountSeconds.toFixed(2)} s, ${countPages} pages`)

  const { client } = await world.temporal()
  const { input, handle } = await startInstance(world, {
    customers: [customer],
    mode: 'full',
    tuning: { pageSize },
    label: 'start',
  })
  const spaceId = spaceWorkflowId(input, space)
  const started = process.hrtime.bigint()
  let runs: ActivityRun[] = []
  let spaceStarted = 0
  for (;;) {
    ;({ runs, startedAt: spaceStarted } = await activitiesOf(world, spaceId))
    const page = runs.find((r) => r.type === 'migrateUploadPage')
    if (page?.startedAt !== undefined && countDone(runs) !== undefined) break
    if (secondsSince(started) > 3600)
      throw new Error('no first page and count within an hour')
    await sleep(250)
  }
  const instanceStarted = tsToMs(
    (await handle.fetchHistory()).events?.[0]?.eventTime
  )
  for (const id of [
    handle.workflowId,
    customerWorkflowId(input, customer),
    spaceId,
  ])
    await client.workflow
      .getHandle(id)
      .terminate('benchmark: count done')
      .catch((err: unknown) => {
        if (!(err instanceof WorkflowNotFoundError)) throw err
      })
  const begin = runs.find((r) => r.type === 'beginSpace')
  const page = runs.find((r) => r.type === 'migrateUploadPage')
  const done = countDone(runs)
  if (begin?.startedAt === undefined || !page?.startedAt || !done)
    throw new Error('the history lacks beginSpace, a page or the count')
  const row: SpaceStartRow = {
    uploads: size,
    seedSeconds: seeded.seconds,
    countPages,
    fullCountSeconds,
    firstPageSeconds: (page.startedAt - instanceStarted) / 1000,
    firstPageInSpaceSeconds: (page.startedAt - spaceStarted) / 1000,
    countDoneSeconds: (done - instanceStarted) / 1000,
    countSeconds: (done - begin.startedAt) / 1000,
  }
  log(
    `first page after ${row.firstPageSeconds.toFixed(2)} s, count done after ${row.countDoneSeconds.toFixed(2)} s`
  )
  return row
}

const GRPC_NOT_FOUND = 5

/**
 * The old design's start: `upload.count(space)`, the whole space's COUNT, on a client of its own
 * that counts its requests (one per 1 MB page).
 */
async function fullCount(world: BenchWorld, space: string, size: number) {
  const client = createDynamoClient(world.config.dynamo)
  let requests = 0
  client.middlewareStack.add(
    (next) => (args) => {
      requests++
      return next(args)
    },
    { step: 'initialize', name: 'countRequests' }
  )
  try {
    const started = process.hrtime.bigint()
    const counted = await useUploadTable(client, world.names.upload).count(
      space
    )
    const fullCountSeconds = secondsSince(started)
    if (counted !== size) throw new Error(`COUNT found ${counted} of ${size}`)
    return { fullCountSeconds, countPages: requests }
  } finally {
    client.destroy()
  }
}

/** When the space's workflow started and its activities so far (none before it started). */
async function activitiesOf(world: BenchWorld, workflowId: string) {
  const { client } = await world.temporal()
  try {
    const history = await client.workflow.getHandle(workflowId).fetchHistory()
    return {
      startedAt: tsToMs(history.events?.[0]?.eventTime),
      runs: activityRuns(history),
    }
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND)
      return { startedAt: 0, runs: [] }
    throw err
  }
}

/** When the count was done: in `beginSpace` for a space of one count page, else the rest. */
function countDone(runs: ActivityRun[]): number | undefined {
  const rest = runs.find((r) => r.type === 'countSpaceUploads')
  if (rest) return rest.outcome === 'completed' ? rest.closedAt : undefined
  const begin = runs.find((r) => r.type === 'beginSpace')
  const first = (begin?.result as { count?: UploadCount } | undefined)?.count
  return first && first.cursor === undefined ? begin?.closedAt : undefined
}

export function printSpaceStart(rows: SpaceStartRow[]): void {
  section('Space start: first page of one large space')
  console.log(
    table(
      [
        'uploads',
        'seed s',
        'count pages',
        'full COUNT s',
        'first page s',
        'of which in space s',
        'count done s',
        'count s',
        'COUNT / first page',
        'count / COUNT',
      ],
      rows.map((r) => [
        int(r.uploads),
        fixed(r.seedSeconds),
        int(r.countPages),
        fixed(r.fullCountSeconds, 2),
        fixed(r.firstPageSeconds, 2),
        fixed(r.firstPageInSpaceSeconds, 2),
        fixed(r.countDoneSeconds, 2),
        fixed(r.countSeconds, 2),
        `${fixed(r.fullCountSeconds / r.firstPageSeconds)}×`,
        `${fixed(r.countSeconds / r.fullCountSeconds, 2)}×`,
      ])
    )
  )
  for (const note of [
    'seconds from the instance workflow start (server time); first page = its migrateUploadPage started; in space = from the space workflow start (the rest is the instance and customer steps before it)',
    'full COUNT = upload.count(space), the old design, which counted the whole space before its first page: its start was at least that late',
    'count = beginSpace started to the count completed (countSpaceUploads, alongside the pages, for a space of more than one page)',
    'count pages = DynamoDB Query requests of the full COUNT (Select COUNT, 1 MB read each); the count activities read the same pages',
  ])
    console.log(`  · ${note}`)
}
