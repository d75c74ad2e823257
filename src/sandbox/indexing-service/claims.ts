/** Reading the caveats of location and index claims. */
import * as Claim from '@storacha/indexing-service-client/claim'
import type { Delegation } from '@ucanto/interface'
import type { MultihashDigest, UnknownLink } from 'multiformats'
import * as Digest from 'multiformats/hashes/digest'

type Claim = ReturnType<typeof Claim.from>
type LocationCommitment = Extract<Claim, { type: 'assert/location' }>
type IndexClaim = Extract<Claim, { type: 'assert/index' }>

export class NotAClaim extends Error {
  override name = 'NotAClaim' as const
}

export function asLocationClaim(claim: Delegation): LocationCommitment {
  const parsed = parse(claim)
  if (parsed.type !== 'assert/location')
    throw new NotAClaim(`expected assert/location, got ${parsed.type}`)
  return parsed
}

export function asIndexClaim(claim: Delegation): IndexClaim {
  const parsed = parse(claim)
  if (parsed.type !== 'assert/index')
    throw new NotAClaim(`expected assert/index, got ${parsed.type}`)
  return parsed
}

/** The multihash a claim's `content` names (a link or `{ digest }`). */
export function contentDigest(
  content: UnknownLink | { digest: Uint8Array }
): MultihashDigest {
  return 'digest' in content ? Digest.decode(content.digest) : content.multihash
}

function parse(claim: Delegation) {
  try {
    return Claim.from(claim)
  } catch (cause) {
    throw new NotAClaim(`not a content claim: ${String(cause)}`, { cause })
  }
}
