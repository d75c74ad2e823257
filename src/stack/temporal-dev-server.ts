import { Connection } from '@temporalio/client'
import { join } from 'node:path'
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js'
import { freePort } from './free-port.js'
import { type ManagedProcess, startProcess } from './managed-process.js'
import { retryOnPortClash } from './retry-on-port-clash.js'
import { waitUntilReady } from './wait-until-ready.js'

export interface TemporalDevServerOptions {
  cli: string
  namespace?: string
  port?: number
  uiPort?: number
  /** No Web UI (tests). */
  headless?: boolean
  /** SQLite file that keeps workflows across restarts; in memory when unset. */
  dbFilename?: string
  /** Passed as --dynamic-config-value KEY=JSON, e.g. limit.historyCount.suggestContinueAsNew: 60. */
  dynamicConfig?: Readonly<Record<string, unknown>>
  logDir?: string
}

export interface TemporalDevServer {
  address: string
  namespace: string
  uiUrl?: string
  process: ManagedProcess
  stop(): Promise<void>
}

/** Starts `temporal server start-dev` with the project's search attributes and waits until it serves. */
export function startTemporalDevServer(
  options: TemporalDevServerOptions
): Promise<TemporalDevServer> {
  return retryOnPortClash(() => startOnce(options))
}

async function startOnce(
  options: TemporalDevServerOptions
): Promise<TemporalDevServer> {
  const namespace = options.namespace ?? 'default'
  const port = options.port ?? (await freePort())
  const uiPort = options.headless
    ? undefined
    : (options.uiPort ?? (await freePort()))
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    ...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']),
    ...(options.dbFilename ? ['--db-filename', options.dbFilename] : []),
    ...SEARCH_ATTRIBUTES.flatMap((key) => [
      '--search-attribute',
      `${key.name}=${cliType(key.type)}`,
    ]),
    ...Object.entries(options.dynamicConfig ?? {}).flatMap(([k, v]) => [
      '--dynamic-config-value',
      `${k}=${JSON.stringify(v)}`,
    ]),
  ]
  const child = startProcess('Temporal dev server', options.cli, args, {
    logFile: options.logDir ? join(options.logDir, 'temporal.log') : undefined,
  })
  const address = `127.0.0.1:${port}`
  const uiUrl = uiPort ? `http://127.0.0.1:${uiPort}` : undefined
  await waitUntilReady(child, async () => {
    const connection = await Connection.connect({
      address,
      connectTimeout: 1_000,
    })
    try {
      await connection.workflowService.describeNamespace({ namespace })
    } finally {
      await connection.close()
    }
    if (uiUrl) {
      const res = await fetch(uiUrl, { signal: AbortSignal.timeout(2_000) })
      if (!res.ok) throw new Error(`Web UI answered ${res.status}`)
    }
  })
  return { address, namespace, uiUrl, process: child, stop: () => child.stop() }
}

/** The CLI spells types as the server's enum names in CamelCase (KEYWORD_LIST → KeywordList). */
export const cliType = (type: string) =>
  type
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __: string, c: string) => c.toUpperCase())
