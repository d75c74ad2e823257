import * as UCAN from '@ipld/dag-ucan'
import type { Delegation } from '@ucanto/interface'
import { ed25519 } from '../../principal/index.js'
import { asLocationClaim } from './claims.js'
import { UnusableLocationClaim } from './errors.js'

/**
 * The rule `assert/index` applies to the index blob's location claim: a self-issued
 * `assert/location` by an ed25519 did:key, validly signed and not expired. A claim issued by a
 * did:web (such as the upload service's) is refused, as by the real service.
 */
export async function checkIndexLocationClaim(
  claim: Delegation
): Promise<void> {
  asLocationClaim(claim)
  const issuer = claim.issuer.did()
  const [capability] = claim.capabilities
  if (capability?.with !== issuer)
    throw new UnusableLocationClaim(
      `location claim ${claim.cid} is not self-issued`
    )
  let verifier
  try {
    verifier = ed25519.Verifier.parse(issuer)
  } catch {
    throw new UnusableLocationClaim(
      `location claim issuer ${issuer} is not an ed25519 did:key`
    )
  }
  if (!(await UCAN.verifySignature(claim.data, verifier)))
    throw new UnusableLocationClaim(
      `location claim ${claim.cid} has a bad signature`
    )
  if (claim.expiration * 1000 < Date.now())
    throw new UnusableLocationClaim(`location claim ${claim.cid} expired`)
}
