import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs'
import { type FlagsOf, pickFlags } from '../shared/flags.js'
import { loadConfigOrExit } from '../../config/load-or-exit.js'
import { createDynamoClient, useTables } from '../../services/dynamo/index.js'
import { askOnTerminal } from '../shared/confirm.js'
import { rejectFlags } from '../shared/output.js'
import { CountingStopped } from './count.js'
import { DEFAULT_UPLOADS_PER_MINUTE } from './estimate.js'
import {
  DEFAULTS,
  type DistributionOptions,
  DistributionInputError,
  MAX_PARALLEL_SEGMENTS,
  optionsProblem,
} from './options.js'
import { runSetupDistribution } from './run.js'

/** The `setup-distribution` flags: the original's (reference §1.3) and this tool's own. */
export function setupDistributionFlags<T>(argv: Argv<T>) {
  return argv
    .option('analyze', {
      type: 'boolean',
      describe: 'Report only: write no file and no row',
    })
    .option('instances', {
      alias: 'i',
      type: 'number',
      describe: 'Number of instances (required unless --analyze)',
    })
    .option('parallel-segments', {
      alias: 'p',
      type: 'number',
      default: DEFAULTS.parallelSegments,
      describe: `Parallel consumer-table scan segments (1-${MAX_PARALLEL_SEGMENTS})`,
    })
    .option('workers-per-instance', {
      alias: 'w',
      type: 'number',
      default: DEFAULTS.workersPerInstance,
      describe: 'Workers per instance, for time estimates',
    })
    .option('min-uploads', {
      type: 'number',
      default: DEFAULTS.minUploads,
      describe: 'Leave out customers with fewer uploads',
    })
    .option('filter', {
      alias: 'f',
      type: 'string',
      describe:
        'Only customers matching one of these comma-separated patterns (e.g. storacha.network)',
    })
    .option('uploads-per-minute', {
      type: 'number',
      describe: `Uploads per minute per worker, for time estimates (default ${DEFAULT_UPLOADS_PER_MINUTE}, the original's unmeasured figure)`,
    })
    .option('out-dir', {
      type: 'string',
      default: DEFAULTS.outDir,
      describe: 'Directory of the instance files and the counting checkpoint',
    })
    .option('yes', {
      alias: 'y',
      type: 'boolean',
      describe: 'Write without asking for confirmation',
    })
}

export type SetupDistributionArgs = FlagsOf<
  typeof setupDistributionFlags<object>
>

/** The flags as runSetupDistribution takes them. */
export const toDistributionOptions = (
  args: ArgumentsCamelCase<SetupDistributionArgs>
): DistributionOptions =>
  pickFlags(args, [
    'analyze',
    'instances',
    'parallelSegments',
    'workersPerInstance',
    'minUploads',
    'filter',
    'uploadsPerMinute',
    'outDir',
    'yes',
  ])

/**
 * Exit status: 2 for invalid flags (nothing read or written), 130 when interrupted (the counting
 * checkpoint is saved), 1 for any other failure or when no customer was found, else 0.
 */
export async function setupDistributionHandler(
  args: ArgumentsCamelCase<SetupDistributionArgs>
): Promise<void> {
  const options = toDistributionOptions(args)
  const problem = optionsProblem(options)
  if (problem) return rejectFlags(problem)
  const config = loadConfigOrExit(['dynamo'])
  const client = createDynamoClient(config.dynamo)
  const stop = new AbortController()
  const onInterrupt = () => stop.abort()
  process.once('SIGINT', onInterrupt)
  try {
    const result = await runSetupDistribution(
      {
        tables: useTables(client, config.dynamo.tables),
        env: config.env,
        confirm: process.stdin.isTTY ? askOnTerminal : undefined,
        signal: stop.signal,
      },
      options,
      process.stdout
    )
    process.exitCode = result.outcome === 'empty' ? 1 : 0
  } catch (err) {
    if (err instanceof DistributionInputError) {
      console.error(`error: ${err.message}`)
      process.exitCode = 2
    } else if (err instanceof CountingStopped) {
      process.exitCode = stop.signal.aborted ? 130 : 1
    } else {
      console.error(
        `setup-distribution failed: ${err instanceof Error ? err.message : String(err)}`
      )
      process.exitCode = stop.signal.aborted ? 130 : 1
    }
  } finally {
    process.off('SIGINT', onInterrupt)
    client.destroy()
  }
}

export const setupDistributionCommand: CommandModule<
  object,
  SetupDistributionArgs
> = {
  command: 'setup-distribution',
  describe:
    'Plan which customers each instance migrates: count uploads, balance, write files and rows',
  builder: setupDistributionFlags,
  handler: setupDistributionHandler,
}
