import { ConfigError, loadConfig, loadEnvFile } from './load.js'
import type { Need } from './settings.js'
import type { ConfigWith } from './types.js'

/**
 * The start of every process: `.env`, then the configuration a command needs. Warnings go to
 * stderr; an invalid configuration prints every problem and exits with status 2 before anything
 * is written anywhere.
 */
export function loadConfigOrExit<N extends Need>(
  needs: readonly N[]
): ConfigWith<N> {
  loadEnvFile()
  try {
    const config = loadConfig(process.env, needs)
    for (const warning of config.warnings) console.warn(`warning: ${warning}`)
    return config
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    console.error(err.message)
    process.exit(2)
  }
}
