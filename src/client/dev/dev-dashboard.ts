import type { World } from '../../sandbox/world/start-world.js'
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type RunningServer,
  startDashboard,
} from '../dashboard/index.js'
import { DEFAULT_STUCK_MINUTES } from '../monitor/options.js'

/** Reads every 2 s: the demo world is small, and a run of it lasts about a minute. */
const DEV_INTERVAL_SECONDS = 2

/**
 * The dashboard over the dev world's tables, on the default port, or on any free port when
 * something (another dev run) holds it.
 */
export async function startDevDashboard(world: World): Promise<RunningServer> {
  const target = {
    tables: world.tables,
    env: world.config.env,
    temporal: world.config.temporal,
  }
  const options = {
    host: DEFAULT_HOST,
    interval: DEV_INTERVAL_SECONDS,
    stuckMinutes: DEFAULT_STUCK_MINUTES,
    mode: 'full' as const,
  }
  try {
    return await startDashboard(target, { ...options, port: DEFAULT_PORT })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err
    return startDashboard(target, { ...options, port: 0 })
  }
}
