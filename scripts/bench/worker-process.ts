/**
 * Benchmarked worker processes: the production entry point (`src/workers/main.ts`, behind
 * worker-entry.ts) under Node,
 * configured by the sandbox's env file, with the probe (worker-probe.ts) for its request counts
 * and, on request, Node's `--cpu-prof`. Its CPU time and peak RSS come from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, existsSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../src/stack/free-port.js'
import { cpuSecondsOf, peakRssOf, threadCpuSecondsOf } from './procfs.js'
import type { ProbeCounters } from './worker-probe.js'

const ENTRY = fileURLToPath(new URL('./worker-entry.ts', import.meta.url))
const POLLING = /worker (\S+) polling /
/** The kernel stops the worker if the benchmark dies (as managed-process.ts does). */
const SETPRIV = '/usr/bin/setpriv'

export interface WorkerProcessOptions {
  envFile: string
  env: Record<string, string>
  workflowBundle: string
  taskQueue: string
  maxConcurrentActivities: number
  logDir: string
  /** Run under `--cpu-prof`, the profiles into this folder. */
  cpuProfDir?: string
  /** Node flags of the worker processes (e.g. `--max-semi-space-size=64`). */
  nodeFlags?: string[]
  /** Serve `/metrics` (`--metrics-port` on a free port), so that the figures include their cost. */
  metrics?: boolean
}

export interface BenchWorkerProcess {
  n: number
  pid: number
  identity: string
  /** Settles when the process ends, with its exit code or signal. */
  exited: Promise<string>
  cpuSeconds(): number
  /** CPU seconds of its live threads by name, the main (JavaScript) thread as `main`. */
  threadCpuSeconds(): Record<string, number>
  peakRss(): number
  counters(): Promise<ProbeCounters>
  /** Drains (SIGTERM) and waits for the exit, which writes the CPU profile. */
  stop(): Promise<string>
}

export async function startWorkerProcess(
  n: number,
  options: WorkerProcessOptions
): Promise<BenchWorkerProcess> {
  const args = [
    ...(options.nodeFlags ?? []),
    ...(options.cpuProfDir
      ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir]
      : []),
    '--import',
    'tsx',
    ENTRY,
    '--task-queue',
    options.taskQueue,
    // The bench starts each process itself: measured, it must be the one that works.
    '--processes',
    '1',
    '--max-concurrent-activities',
    String(options.maxConcurrentActivities),
    '--workflow-bundle',
    options.workflowBundle,
    '--shutdown-grace',
    '5',
    '--log-level',
    'WARN',
    ...(options.metrics ? ['--metrics-port', String(await freePort())] : []),
  ]
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    ENV_FILE: options.envFile,
  }
  delete env.NODE_TEST_CONTEXT
  const guarded = existsSync(SETPRIV)
  const child = spawn(
    guarded ? SETPRIV : process.execPath,
    guarded
      ? ['--pdeathsig', 'SIGTERM', '--', process.execPath, ...args]
      : args,
    { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }
  )
  const pid = child.pid
  if (pid === undefined) throw new Error(`could not start worker ${n}`)
  const log = createWriteStream(join(options.logDir, `worker-${n}.log`))
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000)
    log.write(chunk)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      log.end()
      resolve(signal ?? String(code))
    })
  )
  const identity = await polling(n, child, exited, () => output)
  let peak = 0
  return {
    n,
    pid,
    identity,
    exited,
    cpuSeconds: () => cpuSecondsOf(pid),
    threadCpuSeconds: () => threadCpuSecondsOf(pid),
    peakRss: () => (peak = Math.max(peak, safePeakRss(pid))),
    counters: () => askCounters(child),
    async stop() {
      peak = Math.max(peak, safePeakRss(pid))
      if (child.connected) child.disconnect()
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}

async function polling(
  n: number,
  child: ChildProcess,
  exited: Promise<string>,
  output: () => string
): Promise<string> {
  let exit: string | undefined
  void exited.then((code) => (exit = code))
  const deadline = Date.now() + 120_000
  for (;;) {
    const identity = POLLING.exec(output())?.[1]
    if (identity) return identity
    if (exit !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(
        `worker ${n} ${exit === undefined ? 'not polling within 120 s' : `exited (${exit})`}:\n${output()}`
      )
    }
    await sleep(100)
  }
}

function askCounters(child: ChildProcess): Promise<ProbeCounters> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the worker probe did not answer')),
      10_000
    )
    child.once('message', (message) => {
      clearTimeout(timer)
      resolve(message as ProbeCounters)
    })
    child.send('bench:counters')
  })
}

function safePeakRss(pid: number): number {
  try {
    return peakRssOf(pid)
  } catch {
    return 0
  }
}

export interface WorkerPool {
  workers: BenchWorkerProcess[]
  /** Rejects when a worker ends before `stop`: race it with every wait. */
  stopped: Promise<never>
  /** Stops every worker (each drains, then writes its profile). */
  stop(): Promise<void>
}

/** `count` workers on one task queue (numbered from `first`). */
export async function startWorkerPool(
  count: number,
  first: number,
  options: WorkerProcessOptions,
  log: (line: string) => void
): Promise<WorkerPool> {
  const workers: BenchWorkerProcess[] = []
  let stopping = false
  const stop = async () => {
    stopping = true
    await Promise.all(workers.map((w) => w.stop()))
  }
  try {
    for (let n = first; n < first + count; n++)
      workers.push(await startWorkerProcess(n, options))
  } catch (err) {
    await stop()
    throw err
  }
  const stopped = Promise.race(
    workers.map((w) =>
      w.exited.then((code): never => {
        throw new Error(
          `worker ${w.n} exited (${code}); log in ${options.logDir}`
        )
      })
    )
  )
  stopped.catch(() => {
    if (!stopping) log('a worker process stopped unexpectedly')
  })
  log(
    `${count} worker process(es) polling${options.cpuProfDir ? ' under --cpu-prof' : ''}: ${workers.map((w) => w.pid).join(', ')}`
  )
  return { workers, stopped, stop }
}
