import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs'
import { type FlagsOf, pickFlags } from '../shared/flags.js'
import { withAdminTables } from '../shared/admin-tables.js'
import { rejectFlags } from '../shared/output.js'
import {
  DEFAULT_INTERVAL_SECONDS,
  DEFAULT_STUCK_MINUTES,
  type MonitorOptions,
  optionsProblem,
} from './options.js'
import { runMonitor } from './run-monitor.js'

/** The `monitor` command's flags. */
export function monitorFlags<T>(argv: Argv<T>) {
  return argv
    .option('customer', {
      type: 'string',
      describe: 'Show one customer’s spaces (a DID)',
    })
    .option('space', {
      type: 'string',
      describe: 'Show one space of the --customer (a DID)',
    })
    .option('instance', {
      type: 'string',
      describe: 'Show one instance’s progress, by worker',
    })
    .option('failed', {
      type: 'boolean',
      describe: 'List failed spaces, and failed uploads by reason',
    })
    .option('stuck', {
      type: 'boolean',
      describe: 'List in-progress spaces that stopped updating',
    })
    .option('stuck-minutes', {
      type: 'number',
      default: DEFAULT_STUCK_MINUTES,
      describe: 'Minutes without an update after which a space is stuck',
    })
    .option('watch', {
      type: 'boolean',
      describe: 'Refresh the view until Ctrl+C',
    })
    .option('interval', {
      type: 'number',
      default: DEFAULT_INTERVAL_SECONDS,
      describe: 'Seconds between refreshes with --watch',
    })
    .option('json', {
      type: 'boolean',
      describe: 'Print JSON for scripts (one line per refresh)',
    })
}

export type MonitorArgs = FlagsOf<typeof monitorFlags<object>>

/** The flags as runMonitor takes them. */
export const toMonitorOptions = (
  args: ArgumentsCamelCase<MonitorArgs>
): MonitorOptions =>
  pickFlags(args, [
    'customer',
    'space',
    'instance',
    'failed',
    'stuck',
    'stuckMinutes',
    'watch',
    'interval',
    'json',
  ])

/**
 * Reads DynamoDB only. Invalid flags (such as --space without --customer) exit with status 2
 * before any configuration is loaded; a --space with no progress row exits with status 1.
 */
export async function monitorHandler(
  args: ArgumentsCamelCase<MonitorArgs>
): Promise<void> {
  const options = toMonitorOptions(args)
  const problem = optionsProblem(options)
  if (problem) return rejectFlags(problem)
  await withAdminTables(async (tables) => {
    const stop = new AbortController()
    const onInterrupt = () => stop.abort()
    // Only a watch is stopped gently; a single read keeps Node's default Ctrl+C exit.
    if (options.watch) process.once('SIGINT', onInterrupt)
    try {
      return await runMonitor(tables, options, process.stdout, {
        signal: stop.signal,
      })
    } finally {
      process.off('SIGINT', onInterrupt)
    }
  })
}

export const monitorCommand: CommandModule<object, MonitorArgs> = {
  command: 'monitor',
  describe: 'Show the migration’s progress, read from DynamoDB',
  builder: monitorFlags,
  handler: monitorHandler,
}
