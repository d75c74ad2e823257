import type { TableNames } from '../../src/config/types.js'
import { tableEnv } from '../../src/config/table-env.js'
/**
 * The chaos campaign's world: DynamoDB Local with tables of its own, a Temporal dev server on a
 * SQLite file (so that it can be restarted on the same port without losing workflows), the
 * sandbox services seeded with a legacy world, and a prebuilt workflow bundle for the workers.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client, Connection } from '@temporalio/client'
import { bundleWorkflowCode } from '@temporalio/worker'
import { startSandbox } from '../../src/sandbox/sandbox.js'
import {
  DEFAULT_SEED_OPTIONS,
  type SeedOptions,
} from '../../src/sandbox/seed/plan.js'
import type { SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import { seedSandbox } from '../../src/sandbox/seed/seed-sandbox.js'
import {
  createDynamoClient,
  createTables,
  TABLES,
  useTables,
} from '../../src/services/dynamo/index.js'
import { startDynamoDbLocal } from '../../src/stack/dynamodb-local.js'
import { freePort } from '../../src/stack/free-port.js'
import {
  startTemporalDevServer,
  type TemporalDevServer,
} from '../../src/stack/temporal-dev-server.js'
import { ensureTools } from '../../src/stack/tools.js'

const WORKFLOWS_PATH = fileURLToPath(
  new URL('../../src/workflows/index.ts', import.meta.url)
)

/** A Temporal dev server that can be stopped and started again on the same port and SQLite file. */
export interface RestartableTemporal {
  readonly address: string
  readonly namespace: string
  readonly pid: number
  stop(): Promise<void>
  start(): Promise<void>
}

async function restartableTemporal(
  cli: string,
  dir: string
): Promise<RestartableTemporal> {
  const port = await freePort()
  const dbFilename = join(dir, 'temporal.sqlite')
  const start = () =>
    startTemporalDevServer({
      cli,
      port,
      headless: true,
      dbFilename,
      logDir: dir,
    })
  let server: TemporalDevServer | undefined = await start()
  const { address, namespace } = server
  return {
    address,
    namespace,
    get pid() {
      return server?.process.pid ?? -1
    },
    async stop() {
      const running = server
      server = undefined
      await running?.stop()
    },
    async start() {
      if (server) return
      server = await start()
    },
  }
}

export interface WorldOptions {
  dir: string
  seed: SeedOptions
  log: (line: string) => void
}

export type ChaosWorld = Awaited<ReturnType<typeof startWorld>>

/** Starts everything the campaign needs and seeds the legacy world; `stop` undoes it all. */
export async function startWorld({ dir, seed, log }: WorldOptions) {
  const stops: (() => Promise<unknown>)[] = []
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined)
  }
  try {
    const tools = await ensureTools()
    log('starting DynamoDB Local and the Temporal dev server (SQLite file)')
    const [dynamo, temporal] = await Promise.all([
      startDynamoDbLocal({
        java: tools.java,
        dir: tools.dynamoDbLocalDir,
        logDir: dir,
      }),
      restartableTemporal(tools.temporalCli, dir),
    ])
    stops.push(() => dynamo.stop())
    stops.push(() => temporal.stop())

    const names = Object.fromEntries(
      Object.keys(TABLES).map((table) => [table, `chaos-${table}`])
    ) as unknown as TableNames
    const client = createDynamoClient({
      region: dynamo.region,
      endpoint: dynamo.endpoint,
    })
    stops.push(async () => client.destroy())
    await createTables(client, names)

    const sandbox = await startSandbox({ seed: seed.seed })
    stops.push(() => sandbox.close())

    log('bundling the workflows once for every worker process')
    const bundlePath = join(dir, 'workflow-bundle.js')
    const { code } = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      logger: quietLogger,
    })
    writeFileSync(bundlePath, code)

    log(
      `seeding ${seed.customers} customers × ${seed.spacesPerCustomer} spaces × ${seed.uploadsPerSpace} uploads (real CARs)`
    )
    const uploads: SeededUpload[] = []
    const seededAt = Date.now()
    const report = await seedSandbox(
      sandbox,
      { client, tables: names },
      { ...DEFAULT_SEED_OPTIONS, ...seed },
      (u) => uploads.push(u)
    )
    const seedSeconds = (Date.now() - seededAt) / 1000

    const connection = await Connection.connect({ address: temporal.address })
    stops.push(() => connection.close())
    const temporalClient = new Client({
      connection,
      namespace: temporal.namespace,
    })

    const env: Record<string, string> = {
      STORACHA_ENV: 'local',
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      AWS_REGION: dynamo.region,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      ...sandbox.env,
      ...tableEnv(names),
      TEMPORAL_TASK_QUEUE: 'chaos-migration',
    }
    return {
      dir,
      env,
      taskQueue: env.TEMPORAL_TASK_QUEUE!,
      temporal,
      client: temporalClient,
      sandbox,
      tables: useTables(client, names),
      uploads,
      report,
      seedSeconds,
      bundlePath,
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}

const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
}
