import { CID } from 'multiformats/cid'
import type { ArgumentsCamelCase, Argv } from 'yargs'
import type { FlagsOf } from '../shared/flags.js'
import {
  CustomersFileError,
  readCustomersFile,
} from '../shared/instance-file.js'
import { DEFAULT_TUNING, type MigrationMode } from '../../workflows/types.js'
import { MAX_LISTED_CUSTOMERS, type MigrationPlan } from './plan.js'
import { BadInput } from '../../failures/errors.js'

/** The `migrate` flags: the original's (reference §1.1) and this tool's own. */
export function migrateFlags<T>(argv: Argv<T>) {
  return argv
    .option('customers-file', {
      type: 'string',
      describe:
        'Instance file of setup-distribution, or a JSON array of customer DIDs',
    })
    .option('instance', {
      type: 'string',
      describe:
        'Migrate the customers setup-distribution assigned to instance N',
    })
    .option('all', {
      type: 'boolean',
      describe: 'Migrate every customer setup-distribution planned',
    })
    .option('customer', {
      alias: 'c',
      type: 'string',
      describe: 'One customer (DID)',
    })
    .option('space', {
      alias: 's',
      type: 'string',
      describe: 'One space (did:key)',
    })
    .option('cid', {
      type: 'string',
      describe: 'One upload (root CID); needs --space',
    })
    .option('limit', {
      alias: 'l',
      type: 'number',
      describe:
        'Stop after this many uploads in all; a partial scope is never marked completed',
    })
    .option('concurrency', {
      type: 'number',
      default: DEFAULT_TUNING.uploadConcurrency,
      describe: 'Uploads migrated at once per page',
    })
    .option('page-size', { type: 'number', default: DEFAULT_TUNING.pageSize })
    .option('space-concurrency', {
      type: 'number',
      default: DEFAULT_TUNING.spaceConcurrency,
      describe: 'Spaces at once per customer',
    })
    .option('customer-concurrency', {
      type: 'number',
      default: DEFAULT_TUNING.customerConcurrency,
      describe: 'Customers at once per instance',
    })
    .option('small-space-uploads', {
      type: 'number',
      default: DEFAULT_TUNING.smallSpaceUploads,
      describe:
        'Spaces of at most this many uploads migrate in batch activities of their customer, without a workflow each; 0: a workflow per space',
    })
    .option('small-customer-uploads', {
      type: 'number',
      default: DEFAULT_TUNING.smallCustomerUploads,
      describe:
        'Customers of one page of small spaces with at most this many uploads in all migrate in batch activities of the instance, without a workflow each (needs --small-space-uploads); 0: a workflow per customer',
    })
    .option('test-index', {
      type: 'boolean',
      describe: 'Only build and register indexes',
    })
    .option('test-location-claims', {
      type: 'boolean',
      describe: 'Only republish location claims',
    })
    .option('test-gateway-auth', {
      type: 'boolean',
      describe: 'Only authorize the gateway per space',
    })
    .option('verify-only', {
      type: 'boolean',
      describe: 'Check, write nothing',
    })
    .option('repair', {
      type: 'boolean',
      describe:
        'Republish claims for every shard when the indexer cannot answer',
    })
    .option('retry-failed', {
      type: 'boolean',
      describe: 'Only the uploads recorded as failed',
    })
    .option('max-failure-rate', {
      type: 'number',
      describe:
        'Pause when recorded failures pass P% of the uploads processed in a scope (from 100 on)',
    })
    .option('max-failures', {
      type: 'number',
      describe: 'Pause when recorded failures in a scope pass N',
    })
    .option('recheck', {
      type: 'boolean',
      describe:
        'Visit spaces an earlier run completed too (else each is skipped at one read)',
    })
    .option('instance-id', {
      type: 'string',
      describe: 'Name of this run on progress rows',
    })
    .option('dry-run', {
      type: 'boolean',
      describe: 'Plan and estimate; start and write nothing',
    })
    .option('yes', {
      alias: 'y',
      type: 'boolean',
      describe: 'Do not ask for confirmation',
    })
    .option('follow', {
      alias: 'f',
      type: 'boolean',
      describe:
        'Show live progress until done (Ctrl+C detaches; the migration goes on)',
    })
}

export type MigrateArgs = ArgumentsCamelCase<
  FlagsOf<typeof migrateFlags<object>>
>

export class MigrateInputError extends BadInput {
  override name = 'MigrateInputError'
}

const MODE_FLAGS = [
  ['test-index', 'test-index'],
  ['test-location-claims', 'test-location-claims'],
  ['test-gateway-auth', 'test-gateway-auth'],
  ['verify-only', 'verify-only'],
  ['repair', 'repair'],
] as const

/** Turns the flags into a plan, or throws MigrateInputError with the one thing that is wrong. */
export function planFromArgs(args: MigrateArgs): MigrationPlan {
  const mode = modeOf(args)
  checkNumbers(args)
  if (args.cid !== undefined && args.space === undefined)
    fail('--cid needs --space: an upload is identified by its space and root')
  if (
    args.space !== undefined &&
    !/^did:key:z[1-9A-HJ-NP-Za-km-z]+$/.test(args.space)
  )
    fail(`--space ${args.space} is not a did:key`)
  if (args.customer !== undefined && !/^did:[a-z0-9]+:.+/.test(args.customer))
    fail(`--customer ${args.customer} is not a DID`)
  if (args.cid !== undefined) checkCid(args.cid)
  if (args.retryFailed && mode === 'verify-only')
    fail(
      '--retry-failed re-drives failures; it cannot be combined with --verify-only'
    )
  return {
    mode,
    scope: scopeOf(args),
    limit: args.limit,
    onlyFailed: args.retryFailed ?? false,
    recheck: args.recheck ?? false,
    ...failureBudgetOf(args),
    tuning: {
      ...DEFAULT_TUNING,
      uploadConcurrency: args.concurrency,
      pageSize: args.pageSize,
      spaceConcurrency: args.spaceConcurrency,
      customerConcurrency: args.customerConcurrency,
      smallSpaceUploads: args.smallSpaceUploads,
      smallCustomerUploads: args.smallCustomerUploads,
    },
  }
}

function modeOf(args: MigrateArgs): MigrationMode {
  const chosen = MODE_FLAGS.filter(([flag]) => args[flag] === true)
  if (chosen.length > 1)
    fail(
      `choose one mode: ${chosen.map(([flag]) => `--${flag}`).join(' and ')} conflict`
    )
  return chosen[0]?.[1] ?? 'full'
}

function scopeOf(args: MigrateArgs): MigrationPlan['scope'] {
  const scopes = [
    args.customersFile !== undefined && '--customers-file',
    args.instance !== undefined && '--instance',
    args.all === true && '--all',
    args.customer !== undefined && args.space === undefined && '--customer',
    args.space !== undefined && '--space',
  ].filter((s): s is string => typeof s === 'string')
  if (scopes.length === 0)
    fail(
      'choose what to migrate: --customers-file, --instance, --all, --customer or --space'
    )
  if (scopes.length > 1)
    fail(`choose one scope: ${scopes.join(' and ')} conflict`)
  if (args.space !== undefined)
    return {
      kind: 'space',
      space: args.space,
      customer: args.customer,
      root: args.cid,
    }
  if (args.customer !== undefined)
    return { kind: 'customer', customer: args.customer }
  if (args.instance !== undefined) {
    if (!/^[A-Za-z0-9_-]+$/.test(args.instance))
      fail(`--instance ${args.instance} is not an instance name`)
    return {
      kind: 'instance',
      instanceId: args.instance,
      source: { kind: 'instance', instanceId: args.instance },
    }
  }
  if (args.all)
    return {
      kind: 'instance',
      instanceId: args.instanceId ?? 'all',
      source: { kind: 'all' },
    }
  return fileScope(args.customersFile as string, args.instanceId)
}

function fileScope(
  path: string,
  instanceId: string | undefined
): MigrationPlan['scope'] {
  try {
    const file = readCustomersFile(path)
    if (file.customers.length === 0)
      fail(`customers file ${path} lists no customer`)
    const id = instanceId ?? file.instanceId ?? basename(path)
    if (file.customers.length > MAX_LISTED_CUSTOMERS) {
      if (!file.instanceId)
        fail(
          `customers file ${path} lists ${file.customers.length} customers, more than ${MAX_LISTED_CUSTOMERS} fit in a workflow input: plan them with setup-distribution and use --instance`
        )
      return {
        kind: 'instance',
        instanceId: id,
        source: { kind: 'instance', instanceId: file.instanceId },
      }
    }
    return {
      kind: 'instance',
      instanceId: id,
      source: { kind: 'list', customers: file.customers },
    }
  } catch (err) {
    if (err instanceof CustomersFileError) fail(err.message)
    throw err
  }
}

function checkNumbers(args: MigrateArgs) {
  const positive = {
    limit: args.limit,
    concurrency: args.concurrency,
    'page-size': args.pageSize,
    'space-concurrency': args.spaceConcurrency,
    'customer-concurrency': args.customerConcurrency,
  }
  for (const [flag, value] of Object.entries(positive))
    if (value !== undefined && (!Number.isInteger(value) || value < 1))
      fail(`--${flag} must be a positive whole number (got ${value})`)
  if (args.pageSize > 1_000) fail('--page-size must be at most 1000')
  const small = {
    'small-space-uploads': args.smallSpaceUploads,
    'small-customer-uploads': args.smallCustomerUploads,
  }
  for (const [flag, value] of Object.entries(small))
    if (value !== undefined && (!Number.isInteger(value) || value < 0))
      fail(`--${flag} must be a whole number (got ${value})`)
}

function failureBudgetOf(
  args: MigrateArgs
): Pick<MigrationPlan, 'failureBudget'> {
  const rate = args.maxFailureRate
  const count = args.maxFailures
  if (
    rate !== undefined &&
    (!Number.isFinite(rate) || rate <= 0 || rate >= 100)
  )
    fail(
      `--max-failure-rate must be a percentage above 0 and below 100 (got ${rate})`
    )
  if (count !== undefined && (!Number.isInteger(count) || count < 0))
    fail(`--max-failures must be a whole number of at least 0 (got ${count})`)
  if (rate === undefined && count === undefined) return {}
  if (args.verifyOnly)
    fail(
      '--max-failure-rate and --max-failures need a mode that records failures, not --verify-only'
    )
  return {
    failureBudget: {
      ...(rate === undefined ? {} : { maxFailurePercent: rate }),
      ...(count === undefined ? {} : { maxFailures: count }),
    },
  }
}

function checkCid(cid: string) {
  try {
    CID.parse(cid)
  } catch {
    fail(`--cid ${cid} is not a CID`)
  }
}

const basename = (path: string) =>
  (path.split('/').pop() ?? path)
    .replace(/\.json$/, '')
    .replace(/[^A-Za-z0-9_-]/g, '-')

function fail(message: string): never {
  throw new MigrateInputError(message)
}
