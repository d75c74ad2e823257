import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import { loadConfigOrExit } from '../../config/load-or-exit.js'
import { type FlagsOf, pickFlags } from '../shared/flags.js'
import { rejectFlags } from '../shared/output.js'
import {
  type RollbackOptions,
  rollbackScope,
  runRollback,
  unattendedRollbackProblem,
} from './run-rollback.js'

/** Every outbound request of a rollback (DynamoDB, upload service) gives up after this. */
const TIMEOUT_MS = 30_000

/** The `rollback` command's flags. */
export function rollbackFlags<T>(argv: Argv<T>) {
  return argv
    .option('customer', {
      type: 'string',
      describe: 'Roll back one customer’s spaces (a DID)',
    })
    .option('space', {
      type: 'string',
      describe: 'Roll back one space (a did:key; its customer is looked up)',
    })
    .option('instance', {
      type: 'string',
      describe:
        'Roll back the customers setup-distribution assigned to instance N',
    })
    .option('execute', {
      type: 'boolean',
      describe: 'Revoke and write (without it: a dry run that changes nothing)',
    })
    .option('yes', {
      alias: 'y',
      type: 'boolean',
      describe: 'Do not ask for confirmation (needed without a terminal)',
    })
}

export type RollbackArgs = FlagsOf<typeof rollbackFlags<object>>

export const toRollbackOptions = (
  args: ArgumentsCamelCase<RollbackArgs>
): RollbackOptions =>
  pickFlags(args, ['customer', 'space', 'instance', 'execute', 'yes'])

/** Invalid flags, or --execute unattended without --yes, exit with status 2 before anything is read. */
export async function rollbackHandler(
  args: ArgumentsCamelCase<RollbackArgs>
): Promise<void> {
  const options = toRollbackOptions(args)
  const chosen = rollbackScope(options)
  const problem =
    'problem' in chosen
      ? chosen.problem
      : unattendedRollbackProblem(
          options,
          Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY)
        )
  if (problem) return rejectFlags(problem)
  const config = loadConfigOrExit([
    'dynamo',
    'services',
    'publishing',
    'signing',
  ])
  // The composition root and the UCAN code, imported only when a rollback runs.
  const { createDeps } = await import('../../workers/deps.js')
  const { revokeGatewayAuthorization } =
    await import('../../migration/gateway/revoke-authorization.js')
  const deps = await createDeps(config, { timeoutMs: TIMEOUT_MS })
  try {
    process.exitCode = await runRollback(
      {
        tables: deps.ports.tables,
        revoke: (target) => revokeGatewayAuthorization(deps.revoke, target),
        revoker: {
          issuer: config.services.gateway.did,
          service: config.services.upload.did,
        },
      },
      options,
      process.stdout
    )
  } finally {
    await deps.close()
  }
}

export const rollbackCommand: CommandModule<object, RollbackArgs> = {
  command: 'rollback',
  describe:
    'Revoke the gateway delegations the migration made for a scope and set its rows back to pending (dry run unless --execute)',
  builder: rollbackFlags,
  handler: rollbackHandler,
}
