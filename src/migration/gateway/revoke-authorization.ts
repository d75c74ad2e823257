import { UCAN } from '@storacha/capabilities'
import type { DID } from '@ucanto/interface'
import type { RevocationPort } from '../ports.js'
import {
  gatewayAuthChain,
  type GatewayAuthPorts,
  type GatewayAuthTarget,
} from './authorize-gateway.js'
import { RecordedDelegationNotRebuilt } from './errors.js'

export interface RevokePorts extends Omit<GatewayAuthPorts, 'now'> {
  revocations: RevocationPort
}

export interface RevokeTarget extends GatewayAuthTarget {
  /** The serve delegation the row records (`gatewayDelegation`). */
  delegation: string
}

/**
 * Revokes the serve delegation the migration gave the gateway for a space, as Storacha takes
 * revocations: `ucan/revoke` to the upload service, issued by the delegation's audience (the
 * gateway, whose key the migration holds; upload-api lets a delegation's issuer or audience revoke
 * it), with the delegation attached as upload-api requires. The delegation is rebuilt from the
 * owner delegation, which gives the recorded CID as long as the owner delegation is unchanged.
 * Revoking again is harmless: the store keeps one revocation per delegation and revoker.
 */
export async function revokeGatewayAuthorization(
  ports: RevokePorts,
  target: RevokeTarget
): Promise<void> {
  const { chain } = await gatewayAuthChain(ports, target)
  const rebuilt = chain.serve.cid.toString()
  if (rebuilt !== target.delegation)
    throw new RecordedDelegationNotRebuilt(
      target.space,
      target.delegation,
      rebuilt
    )
  const revoker = ports.signers.gateway
  const invocation = UCAN.revoke.invoke({
    issuer: revoker,
    audience: { did: () => ports.revocations.did as DID },
    with: revoker.did(),
    nb: { ucan: chain.serve.cid },
    proofs: [chain.serve],
  })
  await ports.revocations.revoke(invocation)
}
