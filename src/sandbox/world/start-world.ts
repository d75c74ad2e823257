import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { Client, Connection } from '@temporalio/client'
import { loadConfig } from '../../config/load.js'
import { tableEnv } from '../../config/table-env.js'
import { temporalConnectionOptions } from '../../config/temporal-connection.js'
import type { TableNames } from '../../config/types.js'
import {
  createDynamoClient,
  createTables,
  type Tables,
  useTables,
} from '../../services/dynamo/index.js'
import {
  DEFAULT_WORKER_TUNING,
  type WorkerTuning,
} from '../../workers/migration-worker.js'
import { WORKER_NEEDS } from '../../workers/worker-needs.js'
import {
  type FaultedService,
  type FaultedServiceName,
  faultedServices,
} from '../faulted-services.js'
import {
  type Sandbox,
  type SandboxOptions,
  startSandbox,
  writeEnvFile,
} from '../sandbox.js'
import type { SeedOptions } from '../seed/plan.js'
import {
  type InProcessWorker,
  startInProcessWorker,
  type WorkerConfig,
} from './in-process-worker.js'
import { prefixedTableNames } from './prefixed-table-names.js'
import type { RestartableTemporal } from './restartable-temporal.js'
import { type SeededWorld, seedWorld, type WorldSeeding } from './seed-world.js'
import { writeWorkflowBundle } from './workflow-bundle.js'
import { startWorldStack, type WorldStack } from './world-stack.js'

export interface WorldOptions<S extends WorldStack = WorldStack> {
  stack: S
  /**
   * Logs, the env file, the workflow bundle (and a restartable server's SQLite file). Unset, a
   * temporary folder that `stop` removes.
   */
  dir?: string
  sandbox?: Omit<SandboxOptions, 'dir'>
  /** Tables of the world's own, `<prefix>-<table>`; unset, the configuration's names. */
  tablePrefix?: string
  /** Unset, the configuration's task queue. */
  taskQueue?: string
  log?: (line: string) => void
}

/**
 * A sandbox Storacha network in this process, on a Temporal server and DynamoDB with every
 * table created, and the configuration a worker reads for it. `dev`, the tests, the benchmark
 * and the chaos campaign all build theirs here.
 */
export interface World<S extends WorldStack = WorldStack> {
  dir: string
  /** Everything a worker or client needs: stack, sandbox, table names and task queue. */
  env: Record<string, string>
  /** `env` as KEY=value lines (`sandbox.env` in `dir`). */
  envFile: string
  config: WorkerConfig
  sandbox: Sandbox
  services: Record<FaultedServiceName, FaultedService>
  dynamo: DynamoDBDocumentClient
  names: TableNames
  tables: Tables
  /** With the restartable stack: its Temporal server, to stop and start again. */
  temporalServer: S extends { kind: 'restartable' }
    ? RestartableTemporal
    : undefined
  /** Connected on first use; closed by `stop`. */
  temporalClient(): Promise<Client>
  /** The path of the workflow bundle, built on first use, for in-process workers and worker processes. */
  workflowBundle(): Promise<string>
  /** Seeds a legacy world (`DEFAULT_SEED_OPTIONS` under `options`); may be called again. */
  seed(options: Partial<SeedOptions>, how?: WorldSeeding): Promise<SeededWorld>
  /** A production worker in this process (`DEFAULT_WORKER_TUNING` under `tuning`), until `stop`. */
  startWorker(tuning?: Partial<WorkerTuning>): Promise<InProcessWorker>
  /** Runs a worker until `work` settles. */
  withWorker<T>(
    work: () => Promise<T>,
    tuning?: Partial<WorkerTuning>
  ): Promise<T>
  /** Stops workers, client, sandbox and whatever stack the world started. */
  stop(): Promise<void>
}

export async function startWorld<S extends WorldStack>(
  options: WorldOptions<S>
): Promise<World<S>> {
  const log = options.log ?? (() => {})
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'world-'))
  mkdirSync(dir, { recursive: true })
  const stops: (() => Promise<unknown>)[] = []
  if (!options.dir)
    stops.push(async () => rmSync(dir, { recursive: true, force: true }))
  const stop = async () => {
    while (stops.length > 0) await stops.pop()!().catch(() => undefined)
  }
  try {
    const stack = await startWorldStack(options.stack, dir, log)
    stops.push(() => stack.stop())
    const sandbox = await startSandbox({
      ...options.sandbox,
      dir:
        options.stack.kind === 'embedded' && options.stack.persist
          ? dir
          : undefined,
    })
    stops.push(() => sandbox.close())
    const env = {
      ...stack.env,
      ...sandbox.env,
      ...(options.tablePrefix
        ? tableEnv(prefixedTableNames(options.tablePrefix))
        : {}),
      ...(options.taskQueue ? { TEMPORAL_TASK_QUEUE: options.taskQueue } : {}),
    }
    const config: WorkerConfig = loadConfig(env, WORKER_NEEDS)
    const names = config.dynamo.tables
    const dynamo = createDynamoClient(config.dynamo)
    stops.push(async () => dynamo.destroy())
    await createTables(dynamo, names)
    const envFile = join(dir, 'sandbox.env')
    writeEnvFile(envFile, env)

    let client: Promise<Client> | undefined
    const temporalClient = () =>
      (client ??= (async () => {
        const connection = await Connection.connect(
          temporalConnectionOptions(config.temporal)
        )
        stops.push(() => connection.close())
        return new Client({ connection, namespace: config.temporal.namespace })
      })())
    let bundle: Promise<string> | undefined
    const workflowBundle = () =>
      (bundle ??= writeWorkflowBundle(join(dir, 'workflow-bundle.js')))
    const startWorker = async (tuning: Partial<WorkerTuning> = {}) => {
      const worker = await startInProcessWorker(config, {
        ...DEFAULT_WORKER_TUNING,
        workflowBundle: await workflowBundle(),
        ...tuning,
      })
      stops.push(() => worker.stop())
      return worker
    }
    return {
      dir,
      env,
      envFile,
      config,
      sandbox,
      services: faultedServices(sandbox),
      dynamo,
      names,
      tables: useTables(dynamo, names),
      temporalServer: stack.temporalServer as World<S>['temporalServer'],
      temporalClient,
      workflowBundle,
      seed: (seed, how) =>
        seedWorld(sandbox, { client: dynamo, tables: names }, seed, how),
      startWorker,
      async withWorker(work, tuning) {
        const worker = await startWorker(tuning)
        try {
          return await Promise.race([
            work(),
            worker.running.then(() => {
              throw new Error(`worker ${worker.identity} stopped`)
            }),
          ])
        } finally {
          await worker.stop()
        }
      },
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}
