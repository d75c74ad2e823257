import { join } from 'node:path'
import { freePort } from '../../stack/free-port.js'
import {
  startTemporalDevServer,
  type TemporalDevServer,
} from '../../stack/temporal-dev-server.js'

/** A Temporal dev server that can be stopped and started again on the same port and SQLite file. */
export interface RestartableTemporal {
  readonly address: string
  readonly namespace: string
  /** The running server's process, -1 while it is stopped. */
  readonly pid: number
  stop(): Promise<void>
  start(): Promise<void>
}

/** Starts it headless, keeping its workflows in `dir/temporal.sqlite` and its log in `dir`. */
export async function startRestartableTemporal({
  cli,
  dir,
}: {
  cli: string
  dir: string
}): Promise<RestartableTemporal> {
  const port = await freePort()
  const dbFilename = join(dir, 'temporal.sqlite')
  const start = () =>
    startTemporalDevServer({
      cli,
      port,
      headless: true,
      dbFilename,
      logDir: dir,
    })
  let server: TemporalDevServer | undefined = await start()
  const { address, namespace } = server
  return {
    address,
    namespace,
    get pid() {
      return server?.process.pid ?? -1
    },
    async stop() {
      const running = server
      server = undefined
      await running?.stop()
    },
    async start() {
      if (server) return
      server = await start()
    },
  }
}
