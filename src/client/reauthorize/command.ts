import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import { loadConfigOrExit } from '../../config/load-or-exit.js'
import type { FlagsOf } from '../shared/flags.js'
import { rejectFlags } from '../shared/output.js'

function reauthorizeFlags<T>(argv: Argv<T>) {
  return argv
    .option('space', {
      type: 'string',
      demandOption: true,
      describe: 'The migrated space (a did:key)',
    })
    .option('customer', {
      type: 'string',
      describe: 'Its customer (default: its owner in the consumer table)',
    })
    .option('execute', {
      type: 'boolean',
      describe: 'Send it (without it: a dry run that sends and writes nothing)',
    })
    .option('yes', {
      alias: 'y',
      type: 'boolean',
      describe: 'Do not ask for confirmation (needed without a terminal)',
    })
}

type ReauthorizeArgs = ArgumentsCamelCase<
  FlagsOf<typeof reauthorizeFlags<object>>
>

/**
 * Runs with a worker's configuration and role, not the operator's: it signs as the gateway and
 * the upload service and reads the delegation bucket, as the worker's gateway step does.
 */
export const reauthorizeCommand: CommandModule<object, ReauthorizeArgs> = {
  command: 'reauthorize',
  describe:
    'Force a fresh gateway authorization of a migrated space (dry run unless --execute; run it with a worker’s configuration)',
  builder: (argv) => reauthorizeFlags(argv) as never,
  handler: async ({ space, customer, execute, yes }) => {
    if (!space.startsWith('did:key:'))
      return rejectFlags(`--space ${space} is not a did:key`)
    if (execute && !yes && !(process.stdin.isTTY && process.stdout.isTTY))
      return rejectFlags(
        '--execute asks for confirmation on a terminal: pass --yes to send without one'
      )
    const config = loadConfigOrExit([
      'dynamo',
      'services',
      'publishing',
      'signing',
    ])
    const [{ createDeps }, { runReauthorize }, { revokeGatewayAuthorization }] =
      await Promise.all([
        import('../../workers/deps.js'),
        import('./run-reauthorize.js'),
        import('../../migration/gateway/revoke-authorization.js'),
      ])
    const deps = await createDeps(config)
    try {
      process.exitCode = await runReauthorize(
        {
          gatewayAuth: deps.gatewayAuth,
          tables: deps.ports.tables,
          revoke: (target) => revokeGatewayAuthorization(deps.revoke, target),
        },
        { space, customer, execute, yes },
        process.stdout,
        process.stderr
      )
    } finally {
      await deps.close()
    }
  },
}
