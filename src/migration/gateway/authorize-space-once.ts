import type { GatewayProgress } from '../ports.js'
import { authorizeGateway, type GatewayAuthPorts } from './authorize-gateway.js'

/**
 * Gateway authorization is per space: done once, recorded on the space's progress row, and
 * skipped on every later upload and run (the original redid it for every upload). After a
 * rollback (which empties `gatewayDelegation` and counts the revocation) it authorizes anew, with
 * a serve delegation of a new CID.
 */
export async function authorizeSpaceOnce(
  deps: GatewayAuthPorts & { progress: GatewayProgress },
  { customer, space }: { customer: string; space: string }
): Promise<{ delegation: string; already: boolean }> {
  const row = await deps.progress.get(customer, space)
  if (row?.gatewayDelegation)
    return { delegation: row.gatewayDelegation, already: true }
  const { delegation } = await authorizeGateway(deps, {
    space,
    revocations: row?.gatewayRevocations,
  })
  await deps.progress.update(customer, space, { gatewayDelegation: delegation })
  return { delegation, already: false }
}
