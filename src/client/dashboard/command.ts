import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import { loadConfigOrExit } from '../../config/load-or-exit.js'
import { createDynamoClient } from '../../services/dynamo/client.js'
import { MIGRATION_MODES } from '../../migration/modes.js'
import { type FlagsOf, pickFlags } from '../shared/flags.js'
import { rejectFlags } from '../shared/output.js'
import { DEFAULT_STUCK_MINUTES } from '../monitor/options.js'
import { dashboardTables } from './dashboard-tables.js'
import {
  DEFAULT_HOST,
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_PORT,
  type DashboardOptions,
  optionsProblem,
} from './options.js'
import { startDashboard } from './start-dashboard.js'

export function dashboardFlags<T>(argv: Argv<T>) {
  return argv
    .option('port', {
      type: 'number',
      default: DEFAULT_PORT,
      describe: 'Port to serve the page on (0: any free port)',
    })
    .option('host', {
      type: 'string',
      default: DEFAULT_HOST,
      describe: 'Address to listen on (0.0.0.0 exposes it beyond this host)',
    })
    .option('interval', {
      type: 'number',
      default: DEFAULT_INTERVAL_SECONDS,
      describe:
        'Seconds between reads of the tables (each scans migration-progress)',
    })
    .option('stuck-minutes', {
      type: 'number',
      default: DEFAULT_STUCK_MINUTES,
      describe: 'Minutes without an update after which a space is stuck',
    })
    .option('mode', {
      choices: MIGRATION_MODES,
      default: 'full' as const,
      describe: 'The mode whose workflows the Web UI links open',
    })
}

type DashboardArgs = FlagsOf<typeof dashboardFlags<object>>

export const toDashboardOptions = (
  args: ArgumentsCamelCase<DashboardArgs>
): DashboardOptions =>
  pickFlags(args, ['port', 'host', 'interval', 'stuckMinutes', 'mode'])

/** Reads DynamoDB only; the Temporal settings give the Web UI links (TEMPORAL_UI_URL). */
async function dashboardHandler(
  args: ArgumentsCamelCase<DashboardArgs>
): Promise<void> {
  const options = toDashboardOptions(args)
  const problem = optionsProblem(options)
  if (problem) return rejectFlags(problem)
  const config = loadConfigOrExit(['dynamo', 'temporal'])
  const client = createDynamoClient(config.dynamo)
  try {
    const dashboard = await startDashboard(
      {
        tables: dashboardTables(client, config.dynamo.tables),
        env: config.env,
        temporal: config.temporal,
      },
      options
    )
    console.log(`Dashboard: ${dashboard.url} (Ctrl+C stops it)`)
    await untilSignal()
    await dashboard.close()
  } finally {
    client.destroy()
  }
}

export const dashboardCommand: CommandModule<object, DashboardArgs> = {
  command: 'dashboard',
  describe: 'Serve a live web dashboard of the migration, read from DynamoDB',
  builder: dashboardFlags,
  handler: dashboardHandler,
}

/** Waits for Ctrl+C or SIGTERM, either of which stops the server gently. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
