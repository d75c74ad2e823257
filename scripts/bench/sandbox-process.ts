/**
 * The worker benchmark's sandbox process: the embedded stack, the sandbox Storacha services and
 * the workflow bundle, with the world's control server (control-server.ts) for the benchmark in
 * the parent process. Prints one JSON line `{"ready": …}` on stdout when up; SIGTERM stops it.
 * Run by `npm run bench -- worker`, not by hand.
 */
import { Runtime } from '@temporalio/worker'
import { startControlServer } from '../../src/sandbox/world/control-server.js'
import { startWorld } from '../../src/sandbox/world/start-world.js'
import { untilSignal } from '../../src/stack/run-until-signal.js'
import { createLog } from '../../src/workers/log.js'
import { temporalLogger } from '../../src/workers/temporal-logger.js'

/** What the parent reads from the ready line. */
export interface SandboxReady {
  control: string
  /** Every variable a worker or client needs (KEY=value lines). */
  envFile: string
  workflowBundle: string
}

const stopped = untilSignal()
Runtime.install({
  logger: temporalLogger(createLog({ level: 'WARN', fd: 2 })),
})
const world = await startWorld({
  stack: { kind: 'embedded', headless: true, install: true },
  log: (line) => console.error(line),
})
try {
  const control = await startControlServer(world)
  const ready: SandboxReady = {
    control: control.url,
    envFile: world.envFile,
    workflowBundle: await world.workflowBundle(),
  }
  console.log(JSON.stringify({ ready }))
  await stopped
  await control.close()
} finally {
  await world.stop()
}
