import { findOwnerDelegation } from '../../migration/gateway/owner-delegation.js'
import { reauthorizeSpace } from '../../migration/gateway/reauthorize-space.js'
import type { RevokeTarget } from '../../migration/gateway/revoke-authorization.js'
import type { Tables } from '../../services/dynamo/index.js'
import type { Deps } from '../../workers/deps.js'
import { confirm } from '../shared/confirm.js'
import type { Output } from '../shared/output.js'

export interface ReauthorizeOptions {
  space: string
  /** The space's customer; the consumer table's owner when unset. */
  customer?: string
  /** Send it; without it the command is a dry run that sends and writes nothing. */
  execute?: boolean
  yes?: boolean
}

/** What the command needs of a worker's dependencies. */
export type ReauthorizeDeps = Pick<Deps, 'gatewayAuth'> & {
  /** Revokes the delegation the renewal replaces (`ucan/revoke`, as `rollback` does). */
  revoke: (target: RevokeTarget) => Promise<void>
  tables: Pick<Tables, 'consumer' | 'migrationProgress'>
}

/**
 * Forces a fresh gateway authorization of one migrated space, here and now rather than at its
 * next attempt: a space's workflow authorizes once and never again (the row records it), and a
 * completed space is not visited by later runs. Returns the exit status.
 */
export async function runReauthorize(
  deps: ReauthorizeDeps,
  options: ReauthorizeOptions,
  out: Output,
  errors: Output
): Promise<number> {
  const { space } = options
  const customer =
    options.customer ?? (await deps.tables.consumer.ownerOf(space))?.customer
  if (!customer) {
    errors.write(
      `error: space ${space} is provisioned to no customer: give --customer\n`
    )
    return 1
  }
  const row = await deps.tables.migrationProgress.get(customer, space)
  if (!row) {
    errors.write(
      `error: space ${space} of ${customer} has no progress row: migrate it first\n`
    )
    return 1
  }
  const owner = await findOwnerDelegation(deps.gatewayAuth, space).catch(
    (err: Error) => err
  )
  if (owner instanceof Error) {
    errors.write(`error: ${owner.message}\n`)
    return 1
  }
  out.write(
    [
      `space:      ${space}`,
      `customer:   ${customer}`,
      `recorded:   ${row.gatewayDelegation ?? '(none)'}`,
      `owner:      ${owner.account} (delegation ${owner.delegation.cid})`,
      '',
    ].join('\n')
  )
  if (!options.execute) {
    out.write(
      'dry run: nothing sent. --execute sends a fresh access/delegate to the gateway and records its CID on the row\n'
    )
    return 0
  }
  if (!(await confirm(`Re-authorize the gateway for ${space}?`, options.yes)))
    return 1
  const result = await reauthorizeSpace(
    {
      ...deps.gatewayAuth,
      progress: deps.tables.migrationProgress,
      revoke: deps.revoke,
    },
    { customer, space }
  )
  out.write(
    `reauthorized: the gateway stored ${result.delegation} (was ${result.previous ?? 'none'}); recorded on the row\n`
  )
  if (result.previous && !result.notRevoked)
    out.write(`revoked: ${result.previous}\n`)
  if (!result.notRevoked) return 0
  errors.write(
    `error: ${result.previous} is still in force, its revocation failed: ${result.notRevoked}\n`
  )
  return 1
}
