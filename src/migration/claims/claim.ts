import * as DID from '@ipld/dag-ucan/did'
import * as Assert from '@storacha/capabilities/assert'
import type { Delegation, Signer } from '@ucanto/interface'
import type { MultihashDigest } from 'multiformats'

export interface LocationClaimFields {
  space: string
  digest: MultihashDigest
  url: string
  size: number
}

/**
 * The upload service's `assert/location` claim. No nonce, no issue time and no expiry, so the
 * same fields always give the same claim CID: a retried step re-creates the same claim.
 */
export function signLocationClaim(
  issuer: Signer,
  { space, digest, url, size }: LocationClaimFields
): Promise<Delegation> {
  const spaceDid = DID.parse(space as `did:${string}:${string}`)
  return Assert.location.delegate({
    issuer,
    audience: spaceDid,
    with: issuer.did(),
    nb: {
      content: { digest: digest.bytes },
      location: [url as `${string}:${string}`],
      range: { offset: 0, length: size },
      space: spaceDid,
    },
    expiration: Infinity,
  })
}

/** The claim's CAR archive, as the claims bucket holds it. */
export async function claimArchive(claim: Delegation): Promise<Uint8Array> {
  const archive = await claim.archive()
  if (archive.error) throw archive.error
  return archive.ok
}
