/**
 * The benchmark's world: the embedded stack (Temporal dev server, DynamoDB Local) and the sandbox
 * in this process, the migration ports built once for the sequential baseline, and, when a
 * section needs Temporal, one in-process production worker running for the whole benchmark.
 */
import type { Client } from '@temporalio/client'
import { Runtime } from '@temporalio/worker'
import type { MigrationPorts } from '../../src/activities/ports.js'
import type { FaultedServiceName } from '../../src/sandbox/faulted-services.js'
import type { FaultSettings } from '../../src/sandbox/faults.js'
import {
  startWorld,
  type World,
  type WorldOptions,
} from '../../src/sandbox/world/start-world.js'
import { createLog } from '../../src/workers/log.js'
import { temporalLogger } from '../../src/workers/temporal-logger.js'
import { createDeps } from '../../src/workers/deps.js'
import { secondsSince } from './measure.js'

export interface TemporalSide {
  client: Client
  taskQueue: string
  namespace: string
  /** Settles only if the worker stops before the benchmark stops it: race it with any wait. */
  workerStopped: Promise<never>
}

export interface BenchWorld extends World {
  ports: MigrationPorts
  /** Started on first use; the worker then runs until `stop`. */
  temporal(): Promise<TemporalSide>
  /** Service name by origin, for the call counter. */
  serviceOf(origin: string): string
  /** Services the latency applies to (every sandbox service with fault injection). */
  latencyServices: readonly string[]
  setLatency(ms: number): void
}

/** The services' names in the figures. */
export const LABELS: Record<FaultedServiceName, string> = {
  indexer: 'indexer',
  indexWorker: 'index worker',
  uploadService: 'upload service',
  carpark: 'carpark',
  gateway: 'gateway',
}

export async function startBenchWorld(
  log: (line: string) => void,
  sandbox: WorldOptions['sandbox'] = {}
): Promise<BenchWorld> {
  Runtime.install({
    logger: temporalLogger(createLog({ level: 'WARN', fd: 2 })),
  })
  const started = process.hrtime.bigint()
  const world = await startWorld({
    stack: { kind: 'embedded', headless: true, install: true },
    sandbox,
  })
  log(`stack and sandbox up in ${secondsSince(started).toFixed(1)} s`)
  const migration = await createDeps(world.config)
  const services = Object.entries(world.services) as [
    FaultedServiceName,
    World['services'][FaultedServiceName],
  ][]
  const names = new Map<string, string>([
    ...services.map(
      ([name, service]) =>
        [new URL(service.url).origin, LABELS[name]] as [string, string]
    ),
    ...world.sandbox.uploadService.storageNodes.map(
      (url) => [new URL(url).origin, 'storage node'] as [string, string]
    ),
  ])
  let temporal: Promise<TemporalSide> | undefined
  let stopping = false
  const startTemporal = async (): Promise<TemporalSide> => {
    const started = process.hrtime.bigint()
    // No grace time: the benchmark stops its worker only when nothing is left to run.
    const worker = await world.startWorker({ shutdownGraceSeconds: 0 })
    const workerStopped = worker.running.then(
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
    const client = await world.temporalClient()
    log(
      `workflow bundle and worker ready in ${secondsSince(started).toFixed(1)} s`
    )
    return {
      client,
      taskQueue: worker.taskQueue,
      namespace: world.config.temporal.namespace,
      workerStopped,
    }
  }
  return {
    ...world,
    ports: migration.ports,
    temporal: () => (temporal ??= startTemporal()),
    serviceOf: (origin) => names.get(origin) ?? origin,
    latencyServices: services.map(([name]) => LABELS[name]),
    setLatency(ms) {
      const settings: FaultSettings = ms > 0 ? { latencyMs: ms } : {}
      for (const [, service] of services) service.faults.set(settings)
    },
    async stop() {
      stopping = true
      await migration.close()
      await world.stop()
    },
  }
}
