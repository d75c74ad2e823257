import type { MigrationMode } from '../../workflows/types.js'

/** The dashboard's flags, parsed. */
export interface DashboardOptions {
  port: number
  host: string
  /** Seconds between reads of the tables (each read scans migration-progress once). */
  interval: number
  /** Minutes without an update after which an in-progress space counts as stuck. */
  stuckMinutes: number
  /** The mode whose workflows the Web UI links open. */
  mode: MigrationMode
}

export const DEFAULT_PORT = 8470
export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_INTERVAL_SECONDS = 30

/** Why the flags cannot be run, if they cannot; the CLI exits with status 2 on it. */
export function optionsProblem(options: DashboardOptions): string | undefined {
  if (
    !Number.isInteger(options.port) ||
    options.port < 0 ||
    options.port > 65535
  )
    return '--port must be a whole number from 0 to 65535'
  if (!options.host) return '--host needs an address'
  if (!(options.interval > 0))
    return '--interval must be a positive number of seconds'
  if (!(options.stuckMinutes > 0))
    return '--stuck-minutes must be a positive number'
  return undefined
}
