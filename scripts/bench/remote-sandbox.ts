/**
 * The sandbox of the worker benchmark, in a child process of its own (sandbox-process.ts), and
 * what this process needs of it: its configuration, a DynamoDB client and the migration ports
 * (for seeding fix-ups and the sequential baseline), and its control server (latency, request
 * counters, ledger, seeding).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import dotenv from 'dotenv'
import { loadConfig } from '../../src/config/load.js'
import type { FaultedServiceName } from '../../src/sandbox/faulted-services.js'
import type { LedgerKind } from '../../src/sandbox/ledger.js'
import type { SeedOptions } from '../../src/sandbox/seed/plan.js'
import type { WorkerConfig } from '../../src/sandbox/world/in-process-worker.js'
import type {
  SeededWorld,
  WorldSeeding,
} from '../../src/sandbox/world/seed-world.js'
import {
  createDynamoClient,
  useTables,
} from '../../src/services/dynamo/index.js'
import {
  type ManagedProcess,
  startProcess,
} from '../../src/stack/managed-process.js'
import { createDeps } from '../../src/workers/deps.js'
import type { SandboxReady } from './sandbox-process.js'
import { secondsSince } from './measure.js'

const ENTRY = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url))

export type RemoteSandbox = Awaited<ReturnType<typeof startRemoteSandbox>>

export async function startRemoteSandbox(
  logDir: string,
  log: (line: string) => void,
  /** Run the sandbox under `--cpu-prof`, its profile (written at its exit) into this folder. */
  cpuProfDir?: string
) {
  const started = process.hrtime.bigint()
  const child = startProcess(
    'sandbox',
    process.execPath,
    [
      ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : []),
      '--import',
      'tsx',
      ENTRY,
    ],
    {
      env: { ...process.env, ENV_FILE: join(logDir, 'no-such.env') },
      logFile: join(logDir, 'sandbox.log'),
    }
  )
  const ready = await readyLine(child)
  log(
    `sandbox process ${child.pid} up in ${secondsSince(started).toFixed(1)} s (control ${ready.control})`
  )
  const env = dotenv.parse(readFileSync(ready.envFile))
  const config: WorkerConfig = loadConfig(env, [
    'dynamo',
    'services',
    'publishing',
    'signing',
    'temporal',
  ])
  const dynamo = createDynamoClient(config.dynamo)
  const migration = await createDeps(config)
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${ready.control}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok)
      throw new Error(
        `sandbox ${method} ${path}: ${res.status} ${await res.text()}`
      )
    return (await res.json()) as T
  }
  return {
    pid: child.pid,
    env,
    envFile: ready.envFile,
    workflowBundle: ready.workflowBundle,
    config,
    dynamo,
    tables: useTables(dynamo, config.dynamo.tables),
    ports: migration.ports,
    /** Ends with the child's exit code, should it stop before `stop`. */
    exited: child.exited,
    seed: (options: Partial<SeedOptions>, how?: WorldSeeding) =>
      call<SeededWorld>('POST', '/seed', { options, how }),
    setLatency: (ms: number) =>
      ms > 0
        ? call('PUT', '/faults', { latencyMs: ms })
        : call('DELETE', '/faults'),
    requests: () =>
      call<Record<FaultedServiceName, number>>('GET', '/requests'),
    ledger: () => call<Record<LedgerKind, number>>('GET', '/ledger'),
    services: () =>
      call<Record<FaultedServiceName, string> & { storageNodes: string[] }>(
        'GET',
        '/services'
      ),
    async stop() {
      await migration.close()
      dynamo.destroy()
      await child.stop(30_000)
    },
  }
}

async function readyLine(child: ManagedProcess): Promise<SandboxReady> {
  let exit: string | undefined
  void child.exited.then((code) => (exit = code))
  const deadline = Date.now() + 300_000
  for (;;) {
    const line = child
      .recentOutput()
      .split('\n')
      .find((l) => l.startsWith('{"ready":'))
    if (line) return (JSON.parse(line) as { ready: SandboxReady }).ready
    if (exit !== undefined || Date.now() > deadline) {
      await child.stop(0)
      throw new Error(
        `the sandbox process ${exit === undefined ? 'did not start within 300 s' : `exited (${exit})`}:\n${child.recentOutput()}`
      )
    }
    await sleep(200)
  }
}
