/**
 * One measured migration on the benchmark's worker processes: the counters of every process
 * before and after the instance workflow runs, with the latency set on the sandbox for exactly
 * that window.
 */
import type {
  InstanceResult,
  MigrationMode,
  Tuning,
} from '../../src/workflows/types.js'
import { cpuSecondsOf, machineCpuSeconds, treeCpuSecondsOf } from './procfs.js'
import type { RemoteSandbox } from './remote-sandbox.js'
import { historyCost, type HistoryCost, runInstance } from './temporal-run.js'
import type { TemporalWorld } from './temporal-run.js'
import type { BenchWorkerProcess } from './worker-process.js'

export interface WorkerRun {
  instanceId: string
  result: InstanceResult
  seconds: number
  latencyMs: number
  /** CPU seconds of each worker process over the run (every thread). */
  workerCpuSeconds: number[]
  /** The same, of every worker process's live threads by name (`main`: the JavaScript thread). */
  workerThreadCpuSeconds: Record<string, number>
  /** The sandbox process and its children (Temporal dev server, DynamoDB Local). */
  sandboxCpuSeconds: number
  /** The sandbox process alone (its services, every thread). */
  sandboxProcessCpuSeconds: number
  /** Every process of the machine (other agents' included), busy CPU seconds. */
  machineBusyCpuSeconds: number
  /** This process (the Temporal client waiting for the result). */
  benchCpuSeconds: number
  /** Requests the sandbox's services served, by faulted service name. */
  served: Record<string, number>
  /** Requests the workers sent, by origin (undici: fetch and its own clients). */
  sent: Record<string, number>
  /** AWS SDK requests of the workers, by service. */
  aws: Record<string, number>
  /** Side effects in the sandbox, by ledger kind. */
  ledger: Record<string, number>
  cost: HistoryCost
  /** The run's failure rows, by reason. */
  failures: Record<string, number>
  /** VmHWM of each worker process at the end of the run, bytes (the workers start fresh per run). */
  peakRss: number[]
}

export async function measuredRun(
  world: TemporalWorld,
  sandbox: RemoteSandbox,
  workers: BenchWorkerProcess[],
  run: {
    customers: string[]
    mode: MigrationMode
    tuning: Partial<Tuning>
    latencyMs: number
    label: string
  }
): Promise<WorkerRun> {
  const before = await snapshot(sandbox, workers)
  await sandbox.setLatency(run.latencyMs)
  let done
  try {
    done = await runInstance(world, run)
  } finally {
    await sandbox.setLatency(0)
  }
  const after = await snapshot(sandbox, workers)
  const peakRss = workers.map((w) => w.peakRss())
  const { client } = await world.temporal()
  return {
    instanceId: done.instanceId,
    result: done.result,
    seconds: done.seconds,
    latencyMs: run.latencyMs,
    workerCpuSeconds: after.cpu.map((c, i) => c - (before.cpu[i] ?? 0)),
    workerThreadCpuSeconds: difference(
      merged(after.threads),
      merged(before.threads)
    ),
    sandboxCpuSeconds: after.sandboxCpu - before.sandboxCpu,
    sandboxProcessCpuSeconds: after.sandboxOwnCpu - before.sandboxOwnCpu,
    machineBusyCpuSeconds: after.machine.busy - before.machine.busy,
    benchCpuSeconds: after.bench - before.bench,
    served: difference(after.served, before.served),
    sent: difference(merged(after.sent), merged(before.sent)),
    aws: difference(merged(after.aws), merged(before.aws)),
    ledger: difference(after.ledger, before.ledger),
    cost: await historyCost(client, done.instanceId),
    failures: await failuresOf(sandbox, done.instanceId),
    peakRss,
  }
}

async function snapshot(sandbox: RemoteSandbox, workers: BenchWorkerProcess[]) {
  const counters = await Promise.all(workers.map((w) => w.counters()))
  return {
    cpu: workers.map((w) => w.cpuSeconds()),
    threads: workers.map((w) => w.threadCpuSeconds()),
    sandboxCpu: treeCpuSecondsOf(sandbox.pid),
    sandboxOwnCpu: cpuSecondsOf(sandbox.pid),
    machine: machineCpuSeconds(),
    bench: cpuSecondsOf(process.pid),
    served: await sandbox.requests(),
    ledger: await sandbox.ledger(),
    sent: counters.map((c) => c.http),
    aws: counters.map((c) => c.aws),
  }
}

function merged(list: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const counts of list)
    for (const [key, n] of Object.entries(counts))
      out[key] = (out[key] ?? 0) + n
  return out
}

function difference(
  after: Record<string, number>,
  before: Record<string, number>
): Record<string, number> {
  const out: Record<string, number> = {}
  for (const key of Object.keys(after)) {
    const delta = (after[key] ?? 0) - (before[key] ?? 0)
    if (delta > 0) out[key] = delta
  }
  return out
}

/** The failure rows the run's instance wrote, counted by reason (one whole-table read). */
async function failuresOf(
  sandbox: RemoteSandbox,
  instanceId: string
): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for await (const page of sandbox.tables.migrationFailures.scanSummaries())
    for (const row of page)
      if (row.instanceId === instanceId)
        out[row.reason] = (out[row.reason] ?? 0) + 1
  return out
}
