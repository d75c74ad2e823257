import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import { type FlagsOf, pickFlags } from '../shared/flags.js'
import { withAdminTables } from '../shared/admin-tables.js'
import { rejectFlags } from '../shared/output.js'
import {
  DEFAULT_SAMPLE,
  DEFAULT_WORKERS,
  MEASURED_UPLOADS_PER_SECOND_PER_HOST,
} from './measured.js'
import {
  type EstimateOptions,
  estimateScope,
  runEstimate,
} from './run-estimate.js'

/** The `estimate` command's flags. */
export function estimateFlags<T>(argv: Argv<T>) {
  return argv
    .option('customer', {
      type: 'string',
      describe: 'Estimate one customer’s spaces (a DID)',
    })
    .option('space', {
      type: 'string',
      describe: 'Estimate one space (a DID)',
    })
    .option('instance', {
      type: 'string',
      describe:
        'Estimate the customers setup-distribution assigned to instance N',
    })
    .option('all', {
      type: 'boolean',
      describe: 'Estimate every planned customer (the default)',
    })
    .option('sample', {
      type: 'number',
      default: DEFAULT_SAMPLE,
      describe: 'Upload rows to read for shards per upload',
    })
    .option('workers', {
      type: 'number',
      default: DEFAULT_WORKERS,
      describe: 'Hosts running workers',
    })
    .option('uploads-per-second', {
      type: 'number',
      describe: `Uploads per second per host (default ${MEASURED_UPLOADS_PER_SECOND_PER_HOST}, measured locally; pessimistic)`,
    })
    .option('json', {
      type: 'boolean',
      describe: 'Print one JSON object',
    })
}

export type EstimateArgs = FlagsOf<typeof estimateFlags<object>>

export const toEstimateOptions = (
  args: ArgumentsCamelCase<EstimateArgs>
): EstimateOptions =>
  pickFlags(args, [
    'customer',
    'space',
    'instance',
    'all',
    'sample',
    'workers',
    'uploadsPerSecond',
    'json',
  ])

/** Reads DynamoDB only; invalid flags exit with status 2 before any configuration is loaded. */
export async function estimateHandler(
  args: ArgumentsCamelCase<EstimateArgs>
): Promise<void> {
  const options = toEstimateOptions(args)
  const chosen = estimateScope(options)
  if ('problem' in chosen) return rejectFlags(chosen.problem)
  await withAdminTables((tables) =>
    runEstimate(tables, options, process.stdout)
  )
}

export const estimateCommand: CommandModule<object, EstimateArgs> = {
  command: 'estimate',
  describe:
    'What a migration will cost before it runs: uploads, shards, index-worker requests, Temporal actions, time',
  builder: estimateFlags,
  handler: estimateHandler,
}
