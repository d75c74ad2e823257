import { join } from 'node:path'
import { freePort } from './free-port.js'
import { type ManagedProcess, startProcess } from './managed-process.js'
import { retryOnPortClash } from './retry-on-port-clash.js'
import { type ToxiproxyClient, toxiproxyClient } from './toxiproxy-client.js'
import { waitUntilReady } from './wait-until-ready.js'

export interface ToxiproxyServer {
  apiUrl: string
  client: ToxiproxyClient
  process: ManagedProcess
  stop(): Promise<void>
}

/** Starts the toxiproxy server (`binary`, from `ensureToxiproxy`) on a free port of 127.0.0.1. */
export function startToxiproxy({
  binary,
  logDir,
}: {
  binary: string
  logDir?: string
}): Promise<ToxiproxyServer> {
  return retryOnPortClash(async () => {
    const port = await freePort()
    const child = startProcess(
      'toxiproxy',
      binary,
      ['-host', '127.0.0.1', '-port', String(port)],
      {
        // It logs every link at trace level by default: a long campaign's log would be mostly that.
        env: { ...process.env, LOG_LEVEL: 'info' },
        logFile: logDir ? join(logDir, 'toxiproxy.log') : undefined,
      }
    )
    const apiUrl = `http://127.0.0.1:${port}`
    const client = toxiproxyClient(apiUrl)
    await waitUntilReady(child, () => client.version(), { timeoutMs: 20_000 })
    return { apiUrl, client, process: child, stop: () => child.stop() }
  })
}
