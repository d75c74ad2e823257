import type { ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { workerProcessEnv } from '../../src/stack/worker-process-env.js'
import { spawnTs, watch } from './processes.js'

const WORKER_ENTRY = fileURLToPath(
  new URL('../../src/workers/main.ts', import.meta.url)
)

export type WorkerProcess = Awaited<ReturnType<typeof startWorkerProcess>>

const children: ChildProcess[] = []
// Last resort: a worker must not outlive the test process (the world's stack stops first).
process.once('exit', () => {
  for (const child of children)
    if (child.exitCode === null) child.kill('SIGKILL')
})

/**
 * One worker process of the real migration on a world's task queue, started and polling. It
 * runs as one process (no fork), so that SIGKILL kills the worker itself.
 */
export async function startWorkerProcess(
  worldEnv: NodeJS.ProcessEnv,
  { maxConcurrentActivities = 8 } = {}
) {
  const child = spawnTs(
    WORKER_ENTRY,
    [
      '--processes',
      '1',
      '--max-concurrent-activities',
      String(maxConcurrentActivities),
      '--shutdown-grace',
      '2',
    ],
    workerProcessEnv(worldEnv)
  )
  children.push(child)
  const watched = watch(child)
  await watched.waitFor(/worker \S+ polling /)
  const identity = /worker (\S+) polling /.exec(watched.output())![1]!
  return { child, identity, ...watched }
}

export async function killIfAlive(worker: WorkerProcess | undefined) {
  if (!worker || worker.child.exitCode !== null || worker.child.signalCode)
    return
  worker.child.kill('SIGKILL')
  await worker.exit
}

/** `promise`, or a failure after `ms` (without a timer left behind to hold the process). */
export async function within<T>(promise: Promise<T>, ms: number, what: string) {
  const timer = new AbortController()
  try {
    return await Promise.race([
      promise,
      sleep(ms, undefined, { signal: timer.signal }).then(() => {
        throw new Error(`${what} not done in ${ms} ms`)
      }),
    ])
  } finally {
    timer.abort()
  }
}
