import type { ChildProcess } from 'node:child_process'
import type { Logger } from '@temporalio/common'
import type { ProcessSlot } from './process-share.js'
import {
  DEFAULT_RESTART_POLICY,
  deathsInRow,
  type RestartPolicy,
  restartDelayMs,
} from './restart-policy.js'

export interface SupervisorOptions {
  processes: number
  /** Starts the worker process of `slot`. */
  start(slot: ProcessSlot): ChildProcess
  /** How long stopping children get to drain before they are killed. */
  stopTimeoutMs: number
  log: Pick<Logger, 'info' | 'warn' | 'error'>
  policy?: RestartPolicy
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const

/**
 * Runs `processes` worker processes until SIGINT/SIGTERM, which it passes on as SIGTERM so that
 * each drains within its shutdown grace (a second signal, or the stop timeout, kills them). A
 * child that dies on its own is restarted after a backoff; one that keeps dying soon after its
 * start stops the host. Resolves with the exit status: 0 when every child stopped cleanly.
 */
export function superviseWorkers(options: SupervisorOptions): Promise<number> {
  const policy = options.policy ?? DEFAULT_RESTART_POLICY
  const { log } = options
  const live = new Map<number, ChildProcess>()
  const restarts = new Set<NodeJS.Timeout>()
  const inRow = new Map<number, number>()
  let stopping = false
  let failed = false
  let done: (code: number) => void = () => {}
  const finished = new Promise<number>((resolve) => (done = resolve))

  const launch = (index: number) => {
    const startedAt = Date.now()
    const child = options.start({ index, count: options.processes })
    live.set(index, child)
    log.info('worker process started', { process: index, pid: child.pid })
    child.once('exit', (code, signal) => {
      live.delete(index)
      const meta = { process: index, pid: child.pid, code, signal }
      if (stopping) {
        if (code !== 0) failed = true
        log.info('worker process stopped', meta)
      } else onDeath(index, Date.now() - startedAt, meta)
      if (stopping && live.size === 0) finish()
    })
  }

  const onDeath = (index: number, ranMs: number, meta: object) => {
    const deaths = deathsInRow(policy, inRow.get(index) ?? 0, ranMs)
    inRow.set(index, deaths)
    if (deaths > policy.maxRestarts) {
      log.error('worker process keeps dying; stopping every worker process', {
        ...meta,
        deathsInRow: deaths,
      })
      failed = true
      stop()
      return
    }
    const delayMs = restartDelayMs(policy, deaths)
    log.warn('worker process died; restarting it', {
      ...meta,
      restartInMs: delayMs,
      deathsInRow: deaths,
    })
    const timer = setTimeout(() => {
      restarts.delete(timer)
      if (!stopping) launch(index)
    }, delayMs)
    restarts.add(timer)
  }

  let forceTimer: NodeJS.Timeout | undefined
  const killAll = () => {
    for (const child of live.values()) child.kill('SIGKILL')
  }
  const stop = () => {
    if (stopping) return killAll()
    stopping = true
    for (const timer of restarts) clearTimeout(timer)
    for (const child of live.values()) child.kill('SIGTERM')
    if (live.size === 0) return finish()
    forceTimer = setTimeout(() => {
      log.warn('worker processes did not stop in time; killing them', {
        pids: [...live.values()].map((c) => c.pid),
      })
      killAll()
    }, options.stopTimeoutMs)
  }
  const finish = () => {
    clearTimeout(forceTimer)
    for (const signal of STOP_SIGNALS) process.off(signal, stop)
    done(failed ? 1 : 0)
  }

  for (const signal of STOP_SIGNALS) process.on(signal, stop)
  for (let index = 1; index <= options.processes; index++) launch(index)
  return finished
}
