import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import { type FlagsOf, pickFlags } from '../shared/flags.js'
import { withAdminTables } from '../shared/admin-tables.js'
import { rejectFlags } from '../shared/output.js'
import { runStats, type StatsOptions, statsScope } from './run-stats.js'

/** The `stats` command's flags. */
export function statsFlags<T>(argv: Argv<T>) {
  return argv
    .option('customer', {
      type: 'string',
      describe: 'Count one customer (a DID)',
    })
    .option('instance', {
      type: 'string',
      describe: 'Count the customers setup-distribution assigned to instance N',
    })
    .option('json', {
      type: 'boolean',
      describe: 'Print one JSON object',
    })
}

export type StatsArgs = FlagsOf<typeof statsFlags<object>>

export const toStatsOptions = (
  args: ArgumentsCamelCase<StatsArgs>
): StatsOptions => pickFlags(args, ['customer', 'instance', 'json'])

/** Reads DynamoDB only; invalid flags exit with status 2 before any configuration is loaded. */
export async function statsHandler(
  args: ArgumentsCamelCase<StatsArgs>
): Promise<void> {
  const options = toStatsOptions(args)
  const chosen = statsScope(options)
  if ('problem' in chosen) return rejectFlags(chosen.problem)
  await withAdminTables((tables) => runStats(tables, options, process.stdout))
}

export const statsCommand: CommandModule<object, StatsArgs> = {
  command: 'stats',
  describe:
    'Completion of uploads, spaces and customers, and failed uploads by reason',
  builder: statsFlags,
  handler: statsHandler,
}
