import type { TemporalConfig } from '../../config/types.js'
import type { DashboardTables } from './dashboard-tables.js'
import { scopeLinks } from './links.js'
import type { DashboardOptions } from './options.js'
import { readState } from './read-state.js'
import { Refresher } from './refresher.js'
import { type RunningServer, startServer } from './server.js'

export interface DashboardTarget {
  tables: DashboardTables
  env: string
  temporal: Pick<TemporalConfig, 'uiUrl' | 'namespace'>
}

/**
 * Reads the tables once (so the page has numbers from its first load), then serves the page
 * while reading them again every interval. `close` stops both.
 */
export async function startDashboard(
  { tables, env, temporal }: DashboardTarget,
  options: DashboardOptions
): Promise<RunningServer> {
  const links = scopeLinks(temporal, { env, mode: options.mode })
  const refresher = new Refresher({
    env,
    intervalMs: options.interval * 1000,
    read: (now) =>
      readState(tables, links, { stuckMinutes: options.stuckMinutes, now }),
  })
  await refresher.start()
  try {
    const server = await startServer(
      { tables, links, refresher },
      { port: options.port, host: options.host }
    )
    return {
      url: server.url,
      close: async () => {
        await server.close()
        await refresher.stop()
      },
    }
  } catch (err) {
    await refresher.stop()
    throw err
  }
}
