import { fork } from 'node:child_process'
import type { Logger } from './log.js'
import { CHILD_PROCESS_ENV } from './process-share.js'
import { superviseWorkers } from './supervisor.js'
import { temporalLogger } from './temporal-logger.js'

/** Beyond the workers' shutdown grace: closing connections and flushing logs. */
const STOP_MARGIN_SECONDS = 30

/**
 * `worker --processes N`: this process runs no worker itself; it starts N copies of the same
 * command (same entry, flags and Node options), each told its slot, and supervises them.
 */
export async function runHost(options: {
  processes: number
  shutdownGraceSeconds: number
  log: Logger
}): Promise<number> {
  const [entry, ...args] = process.argv.slice(1)
  if (!entry) throw new Error('no entry point to start worker processes from')
  console.log(
    `${options.processes} worker processes for this host (pid ${process.pid}); SIGINT or SIGTERM stops them all`
  )
  return superviseWorkers({
    processes: options.processes,
    start: ({ index, count }) =>
      fork(entry, args, {
        env: { ...process.env, [CHILD_PROCESS_ENV]: `${index}/${count}` },
      }),
    stopTimeoutMs: (options.shutdownGraceSeconds + STOP_MARGIN_SECONDS) * 1000,
    log: temporalLogger(options.log),
  })
}
