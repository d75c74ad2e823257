import type { GatewayProgress } from '../ports.js'
import { authorizeGateway, type GatewayAuthPorts } from './authorize-gateway.js'

export interface Reauthorized {
  /** The serve delegation the row recorded before, if any. */
  previous?: string
  /** The fresh serve delegation the gateway stored, now on the row. */
  delegation: string
  account: string
}

/**
 * Forces a fresh gateway authorization of a space, for when the recorded one no longer serves
 * (revoked, lost by the gateway, attested by a rotated key): a new chain under `nonce`, so new
 * CIDs, sent with `access/delegate`, and its serve CID recorded on the row in place of the old.
 * `authorizeSpaceOnce` then finds it recorded, so no later run sends it again.
 */
export async function reauthorizeSpace(
  deps: GatewayAuthPorts & { progress: GatewayProgress },
  { customer, space, nonce }: { customer: string; space: string; nonce: string }
): Promise<Reauthorized> {
  const previous = (await deps.progress.get(customer, space))?.gatewayDelegation
  const { delegation, account } = await authorizeGateway(deps, {
    space,
    nonce,
  })
  await deps.progress.update(customer, space, { gatewayDelegation: delegation })
  return { previous, delegation, account }
}
