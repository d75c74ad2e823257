import { delegate } from '@ucanto/core'
import type { DID, Delegation, Signer } from '@ucanto/interface'

/**
 * Validator proofs that make the gateway accept `ucan/attest` attestations issued by `attesters`,
 * besides its own: per attester a gateway-issued `ucan/attest` with `with` = gateway DID and
 * audience = the attester. `@ucanto/validator` 10 (`verifySession`) adds the audience of every such
 * proof to the DIDs an attestation's `with` may name. The opposite direction (attester → gateway,
 * the shape freeway's `mk-validator-proof.js` makes) has no effect there, so it is not offered.
 */
export function attesterProofs(
  gateway: Signer,
  attesters: readonly DID[]
): Promise<Delegation[]> {
  return Promise.all(
    attesters.map((attester) =>
      delegate({
        issuer: gateway,
        audience: { did: () => attester },
        capabilities: [{ can: 'ucan/attest', with: gateway.did() }],
        expiration: Infinity,
      })
    )
  )
}
