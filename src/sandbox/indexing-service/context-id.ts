import * as DID from '@ipld/dag-ucan/did'
import type { MultihashDigest } from 'multiformats'
import { sha256 } from 'multiformats/hashes/sha2'

/**
 * The context ID of a location record: sha256 multihash of DIDbytes(space) ‖ multihash, or of the
 * multihash alone when the claim has no space (so it never matches a `match.subject` space).
 */
export async function locationContextId(
  space: string | undefined,
  digest: MultihashDigest
): Promise<Uint8Array> {
  const prefix = space ? DID.parse(space) : new Uint8Array()
  const input = new Uint8Array(prefix.length + digest.bytes.length)
  input.set(prefix, 0)
  input.set(digest.bytes, prefix.length)
  return (await sha256.digest(input)).bytes
}
