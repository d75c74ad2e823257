/**
 * Worker processes of the real entry point (`src/workers/main.ts`), started, killed with SIGKILL
 * and replaced. A worker that dies without being killed is replaced too, and counted.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import {
  type ManagedProcess,
  startProcess,
} from '../../src/stack/managed-process.js'
import { workerProcessEnv } from '../../src/stack/worker-process-env.js'

const WORKER_ENTRY = fileURLToPath(
  new URL('../../src/workers/main.ts', import.meta.url)
)
const POLLING = /worker (\S+) polling /

export interface WorkerProcess {
  /** 1, 2, 3… in start order. */
  n: number
  identity: string
  pid: number
  process: ManagedProcess
  startedAt: number
  /** Set when the campaign killed it. */
  killedAt?: number
}

export interface UnexpectedExit {
  worker: WorkerProcess
  code: string
  output: string
}

export interface WorkerPoolOptions {
  env: Record<string, string>
  bundlePath: string
  logDir: string
  maxConcurrentActivities: number
  log: (line: string) => void
}

export function workerPool(options: WorkerPoolOptions) {
  const live = new Set<WorkerProcess>()
  const all: WorkerProcess[] = []
  const unexpected: UnexpectedExit[] = []
  let closing = false
  let started = 0

  const env = workerProcessEnv(options.env)

  async function start(): Promise<WorkerProcess> {
    const n = ++started
    const child = startProcess(
      `worker ${n}`,
      process.execPath,
      [
        '--import',
        'tsx',
        WORKER_ENTRY,
        // Each is killed alone, as one process, never as a parent of others.
        '--processes',
        '1',
        '--max-concurrent-activities',
        String(options.maxConcurrentActivities),
        '--shutdown-grace',
        '2',
        '--workflow-bundle',
        options.bundlePath,
        '--log-level',
        'WARN',
      ],
      { env, logFile: join(options.logDir, `worker-${n}.log`) }
    )
    let exitCode: string | undefined
    void child.exited.then((code) => (exitCode = code))
    const deadline = Date.now() + 120_000
    let identity: string | undefined
    while (!(identity = POLLING.exec(child.recentOutput())?.[1])) {
      if (exitCode !== undefined)
        throw new Error(
          `worker ${n} exited (${exitCode}) before polling:\n${child.recentOutput()}`
        )
      if (Date.now() > deadline) {
        await child.stop(0)
        throw new Error(
          `worker ${n} not polling within 120 s:\n${child.recentOutput()}`
        )
      }
      await sleep(100)
    }
    const worker: WorkerProcess = {
      n,
      identity,
      pid: child.pid,
      process: child,
      startedAt: Date.now(),
    }
    live.add(worker)
    all.push(worker)
    void child.exited.then(async (code) => {
      live.delete(worker)
      if (worker.killedAt !== undefined || closing) return
      unexpected.push({ worker, code, output: child.recentOutput() })
      options.log(
        `worker ${n} (${identity}) exited on its own (${code}); starting a replacement`
      )
      await start().catch((err: unknown) =>
        options.log(`replacement failed: ${(err as Error).message}`)
      )
    })
    return worker
  }

  /** SIGKILL: no drain, no last heartbeat, no completion sent. */
  async function kill(worker: WorkerProcess): Promise<string> {
    worker.killedAt = Date.now()
    try {
      process.kill(worker.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
    return worker.process.exited
  }

  /** SIGKILL to every live worker, none replaced (the campaign is ending). */
  function killAll() {
    closing = true
    for (const worker of live)
      try {
        process.kill(worker.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
  }

  /** Stops every live worker gracefully (SIGTERM, then SIGKILL after `graceMs`). */
  async function stopAll(graceMs = 15_000) {
    closing = true
    await Promise.all([...live].map((w) => w.process.stop(graceMs)))
  }

  /** Lines of every worker's log that match `pattern`. */
  function countInLogs(pattern: RegExp): number {
    let n = 0
    for (const worker of all) {
      const file = join(options.logDir, `worker-${worker.n}.log`)
      for (const line of readFileSync(file, 'utf8').split('\n'))
        if (pattern.test(line)) n++
    }
    return n
  }

  return {
    start,
    countInLogs,
    kill,
    killAll,
    stopAll,
    live: () => [...live],
    all: () => [...all],
    unexpected: () => [...unexpected],
  }
}

export type WorkerPool = ReturnType<typeof workerPool>
