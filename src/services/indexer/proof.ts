import { Delegation } from '@ucanto/core'
import type { Delegation as DelegationView } from '@ucanto/interface'
import { base64 } from 'multiformats/bases/base64'
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'

const IDENTITY = 0x00
/** The multicodec of a CAR of UCANs, as `@storacha/client/proof` writes it. */
const CAR_CODEC = 0x0202

export class InvalidProof extends Error {
  override name = 'InvalidProof' as const
}

/**
 * A delegation in the form `INDEXING_SERVICE_PROOF` holds: a base64 CID whose identity multihash
 * is the delegation's CAR archive.
 */
export async function parseProof(value: string): Promise<DelegationView> {
  let cid: CID
  try {
    cid = CID.parse(value, base64)
  } catch (cause) {
    throw new InvalidProof('not a base64 CID', { cause })
  }
  if (cid.multihash.code !== IDENTITY)
    throw new InvalidProof('the CID does not embed the delegation')
  const extracted = await Delegation.extract(cid.multihash.digest)
  if (extracted.error)
    throw new InvalidProof(`not a delegation archive: ${extracted.error}`, {
      cause: extracted.error,
    })
  return extracted.ok
}

/** The inverse of `parseProof`: the delegation's CAR archive inlined in a base64 CID. */
export async function formatProof(delegation: DelegationView): Promise<string> {
  const archive = await delegation.archive()
  if (archive.error) throw archive.error
  return CID.create(1, CAR_CODEC, identity.digest(archive.ok)).toString(base64)
}
