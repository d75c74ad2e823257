import type { GatewayProgress } from '../ports.js'
import { authorizeGateway, type GatewayAuthPorts } from './authorize-gateway.js'
import type { RevokeTarget } from './revoke-authorization.js'

export interface Reauthorized {
  /** The serve delegation the row recorded before, if any. */
  previous?: string
  /** Why the previous delegation is still in force, when revoking it failed. */
  notRevoked?: string
  /** The fresh serve delegation the gateway stored, now on the row. */
  delegation: string
  account: string
}

/**
 * Forces a fresh gateway authorization of a space, for when the recorded one no longer serves
 * (lost by the gateway, attested by a rotated key): a new chain under the next renewal's nonce,
 * so new CIDs, sent with `access/delegate`, and its serve CID and the renewal count recorded on
 * the row in place of the old. `authorizeSpaceOnce` then finds it recorded, so no later run
 * sends it again, and a rollback rebuilds it from the row. The previous delegation is then
 * revoked, so that only the one the row names is in force (a rollback revokes that one alone).
 */
export async function reauthorizeSpace(
  deps: GatewayAuthPorts & {
    progress: GatewayProgress
    revoke: (target: RevokeTarget) => Promise<void>
  },
  { customer, space }: { customer: string; space: string }
): Promise<Reauthorized> {
  const row = await deps.progress.get(customer, space)
  const reauthorizations = (row?.gatewayReauthorizations ?? 0) + 1
  const { delegation, account } = await authorizeGateway(deps, {
    space,
    revocations: row?.gatewayRevocations,
    reauthorizations,
  })
  await deps.progress.update(customer, space, {
    gatewayDelegation: delegation,
    gatewayReauthorizations: reauthorizations,
  })
  const previous = row?.gatewayDelegation || undefined
  const notRevoked = previous
    ? await deps
        .revoke({
          space,
          delegation: previous,
          revocations: row?.gatewayRevocations,
          reauthorizations: row?.gatewayReauthorizations,
        })
        .then(
          () => undefined,
          (err: unknown) => (err instanceof Error ? err.message : String(err))
        )
    : undefined
  return { previous, notRevoked, delegation, account }
}
