import * as DID from '@ipld/dag-ucan/did'
import { CBOR } from '@ucanto/core'
import { varint } from 'multiformats'
import type { MultihashDigest, UnknownLink } from 'multiformats'
import { sha256 } from 'multiformats/hashes/sha2'
import type { IpniJob } from '../ports.js'

/** go-libstoracha's LocationCommitment metadata code. */
export const LOCATION_COMMITMENT = 0x3e0002

/**
 * sha256 multihash of DIDbytes(space) ‖ multihash: what the indexer computes for `claim/cache`
 * and filters `match.subject` by. The DID's bytes, not its text (the original's bug).
 */
export async function locationContextId(
  space: string,
  digest: MultihashDigest
): Promise<Uint8Array> {
  const did = DID.parse(space as `did:${string}:${string}`)
  const input = new Uint8Array(did.length + digest.bytes.length)
  input.set(did, 0)
  input.set(digest.bytes, did.length)
  return (await sha256.digest(input)).bytes
}

/**
 * `uvarint(0x3e0002) ‖ dag-cbor {c: claim, e: 0, s: shard}`: expiration 0 because the claim never
 * expires; no range, as the original sends it.
 */
export function locationMetadata(
  claim: UnknownLink,
  shard: UnknownLink
): Uint8Array {
  const prefix = varint.encodeTo(
    LOCATION_COMMITMENT,
    new Uint8Array(varint.encodingLength(LOCATION_COMMITMENT))
  )
  const body = CBOR.encode({ c: claim, e: 0, s: shard })
  const out = new Uint8Array(prefix.length + body.length)
  out.set(prefix, 0)
  out.set(body, prefix.length)
  return out
}

export interface LocationJobFields {
  space: string
  shard: UnknownLink
  claim: UnknownLink
  provider: { id: string; addrs: string[] }
}

/**
 * The IPNI job for one shard. Its deduplication ID hashes everything the advertisement is made
 * of, so a retried send of the same advertisement is dropped by the FIFO queue; the job ID is
 * derived from it, so a retry overwrites the same job object instead of leaving an orphan.
 */
export async function locationJob(fields: LocationJobFields): Promise<IpniJob> {
  const contextId = b64(
    await locationContextId(fields.space, fields.shard.multihash)
  )
  const metadata = b64(locationMetadata(fields.claim, fields.shard))
  const identity = JSON.stringify([contextId, metadata, fields.provider])
  const hash = (await sha256.digest(new TextEncoder().encode(identity))).digest
  return {
    jobId: uuidShaped(hash),
    contextId,
    deduplicationId: Buffer.from(hash).toString('hex'),
    metadata,
    provider: fields.provider,
    multihashes: [fields.shard.multihash.bytes],
  }
}

/** Padded standard base64, as Go's encoding/json reads `[]byte`. */
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

/** An RFC 9562 version-8 (custom) UUID made of the first 16 bytes of a hash. */
function uuidShaped(hash: Uint8Array): string {
  const bytes = Uint8Array.from(hash.subarray(0, 16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x80
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Buffer.from(bytes).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
