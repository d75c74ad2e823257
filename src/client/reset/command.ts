import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import { type FlagsOf, pickFlags } from '../shared/flags.js'
import { withAdminTables } from '../shared/admin-tables.js'
import { rejectFlags } from '../shared/output.js'
import {
  type ResetOptions,
  resetScope,
  runReset,
  unattendedProblem,
} from './run-reset.js'

/** The `reset` command's flags. */
export function resetFlags<T>(argv: Argv<T>) {
  return argv
    .option('customer', {
      type: 'string',
      describe: 'Reset one customer’s progress (a DID)',
    })
    .option('space', {
      type: 'string',
      describe: 'Reset one space of the --customer (a DID)',
    })
    .option('instance', {
      type: 'string',
      describe: 'Reset the customers setup-distribution assigned to instance N',
    })
    .option('all', {
      type: 'boolean',
      describe: 'Reset every customer’s and space’s progress',
    })
    .option('failures', {
      type: 'boolean',
      describe: 'Also delete the scope’s failed-upload rows',
    })
    .option('execute', {
      type: 'boolean',
      describe: 'Write the reset (without it: a dry run that writes nothing)',
    })
    .option('yes', {
      alias: 'y',
      type: 'boolean',
      describe: 'Do not ask for confirmation (needed without a terminal)',
    })
}

export type ResetArgs = FlagsOf<typeof resetFlags<object>>

export const toResetOptions = (
  args: ArgumentsCamelCase<ResetArgs>
): ResetOptions =>
  pickFlags(args, [
    'customer',
    'space',
    'instance',
    'all',
    'failures',
    'execute',
    'yes',
  ])

/** Invalid flags, or --execute unattended without --yes, exit with status 2 before anything is read. */
export async function resetHandler(
  args: ArgumentsCamelCase<ResetArgs>
): Promise<void> {
  const options = toResetOptions(args)
  const chosen = resetScope(options)
  const problem =
    'problem' in chosen
      ? chosen.problem
      : unattendedProblem(
          options,
          Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY)
        )
  if (problem) return rejectFlags(problem)
  await withAdminTables((tables) => runReset(tables, options, process.stdout))
}

export const resetCommand: CommandModule<object, ResetArgs> = {
  command: 'reset',
  describe:
    'Set a scope’s migration progress back to pending (dry run unless --execute); keeps gateway authorizations',
  builder: resetFlags,
  handler: resetHandler,
}
