/**
 * The benchmark's world: the embedded stack (Temporal dev server, DynamoDB Local) and the sandbox
 * in this process, the migration ports built once, and, when a section needs Temporal, one
 * in-process worker running for the whole benchmark (as `scripts/bench-workflows.ts` does, but
 * with the workflow bundle built once and the production worker's concurrency limits).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client, Connection } from '@temporalio/client'
import {
  bundleWorkflowCode,
  NativeConnection,
  Runtime,
  Worker,
} from '@temporalio/worker'
import { createActivities } from '../../src/activities/index.js'
import type { MigrationPorts } from '../../src/activities/ports.js'
import { loadConfig } from '../../src/config/load.js'
import type { FaultSettings } from '../../src/sandbox/faults.js'
import {
  type SandboxWithStack,
  startSandboxWithStack,
} from '../../src/sandbox/start-with-stack.js'
import {
  createDynamoClient,
  type Tables,
  useTables,
} from '../../src/services/dynamo/index.js'
import { jsonLogger } from '../../src/workers/json-logger.js'
import { createDeps } from '../../src/workers/deps.js'
import { DEFAULT_WORKER_TUNING } from '../../src/workers/migration-worker.js'

export type BenchConfig = ReturnType<typeof loadBenchConfig>

const loadBenchConfig = (env: Record<string, string>) =>
  loadConfig(env, ['dynamo', 'services', 'publishing', 'signing', 'temporal'])

export interface TemporalSide {
  client: Client
  taskQueue: string
  namespace: string
  /** Settles only if the worker stops before the benchmark stops it: race it with any wait. */
  workerStopped: Promise<never>
}

export interface BenchWorld {
  stack: SandboxWithStack
  config: BenchConfig
  dynamo: ReturnType<typeof createDynamoClient>
  tables: Tables
  ports: MigrationPorts
  /** Started on first use; the worker then runs until `stop`. */
  temporal(): Promise<TemporalSide>
  /** Service name by origin, for the call counter. */
  serviceOf(origin: string): string
  /** Services the latency applies to (every sandbox service with fault injection). */
  latencyServices: readonly string[]
  setLatency(ms: number): void
  stop(): Promise<void>
}

export async function startBenchWorld(
  log: (line: string) => void
): Promise<BenchWorld> {
  Runtime.install({ logger: jsonLogger('WARN') })
  const started = process.hrtime.bigint()
  const stack = await startSandboxWithStack({
    dir: mkdtempSync(join(tmpdir(), 'bench-')),
    headless: true,
    install: true,
  })
  const { sandbox } = stack
  log(
    `stack and sandbox up in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`
  )
  const config = loadBenchConfig(stack.env)
  const dynamo = createDynamoClient(config.dynamo)
  const tables = useTables(dynamo, config.dynamo.tables)
  const migration = await createDeps(config)
  const faulted = {
    indexer: sandbox.indexer.faults,
    'index worker': sandbox.indexWorker.faults,
    'upload service': sandbox.uploadService.faults,
    carpark: sandbox.carpark.service.faults,
    gateway: sandbox.gateway.faults,
  }
  const names = new Map<string, string>([
    [new URL(sandbox.indexer.url).origin, 'indexer'],
    [new URL(sandbox.indexWorker.url).origin, 'index worker'],
    [new URL(sandbox.carpark.service.url).origin, 'carpark'],
    [new URL(sandbox.uploadService.url).origin, 'upload service'],
    [new URL(sandbox.gateway.url).origin, 'gateway'],
    ...sandbox.uploadService.storageNodes.map(
      (url) => [new URL(url).origin, 'storage node'] as [string, string]
    ),
  ])
  let temporal: Promise<TemporalRunning> | undefined
  return {
    stack,
    config,
    dynamo,
    tables,
    ports: migration.ports,
    temporal: () => {
      temporal ??= startTemporal(config, migration.ports, log)
      return temporal.then((t) => t.side)
    },
    serviceOf: (origin) => names.get(origin) ?? origin,
    latencyServices: Object.keys(faulted),
    setLatency(ms) {
      const settings: FaultSettings = ms > 0 ? { latencyMs: ms } : {}
      for (const faults of Object.values(faulted)) faults.set(settings)
    },
    async stop() {
      try {
        if (temporal) await (await temporal).stop()
      } finally {
        migration.close()
        dynamo.destroy()
        await stack.stop()
      }
    },
  }
}

interface TemporalRunning {
  side: TemporalSide
  stop(): Promise<void>
}

async function startTemporal(
  config: BenchConfig,
  ports: MigrationPorts,
  log: (line: string) => void
): Promise<TemporalRunning> {
  const started = process.hrtime.bigint()
  const { taskQueue, namespace, address } = config.temporal
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(
      new URL('../../src/workflows/index.ts', import.meta.url)
    ),
    logger: jsonLogger('WARN'),
  })
  const connection = await NativeConnection.connect({ address })
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    identity: 'bench',
    workflowBundle,
    activities: createActivities({
      worker: { identity: 'bench', env: config.env, taskQueue },
      migration: ports,
    }),
    maxConcurrentActivityTaskExecutions:
      DEFAULT_WORKER_TUNING.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions:
      DEFAULT_WORKER_TUNING.maxConcurrentWorkflowTasks,
  })
  let stopping = false
  const running = worker.run()
  const workerStopped = running.then(
    () => {
      throw new Error('the worker stopped')
    },
    (err: unknown) => {
      throw new Error(`the worker failed: ${String(err)}`, { cause: err })
    }
  )
  // Only a wait raced with it should see it; the benchmark's own shutdown is expected.
  workerStopped.catch(() => {
    if (!stopping) log('the in-process worker stopped unexpectedly')
  })
  const clientConnection = await Connection.connect({ address })
  const client = new Client({ connection: clientConnection, namespace })
  log(
    `workflow bundle and worker ready in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`
  )
  return {
    side: { client, taskQueue, namespace, workerStopped },
    async stop() {
      stopping = true
      worker.shutdown()
      await running
      await clientConnection.close()
      await connection.close()
    },
  }
}
