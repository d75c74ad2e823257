import { Delegation } from '@ucanto/core'
import type { Signer } from '@ucanto/interface'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { ShardSizeUnknown } from '../../failures/index.js'
import { signLocationClaim } from '../claims/claim.js'
import { carparkUrl } from '../claims/locate.js'
import type { BlobStore, CarparkPort, ShardInfo } from '../ports.js'
import type { StoredClaimLookup } from './api.js'
import { ClaimsStoreUnavailable, STEP } from './errors.js'

export interface ClaimsBucketLookupPorts {
  claimsBucket: BlobStore
  /** The upload service as its did:web: the issuer of the claims the migration writes. */
  uploadServiceSigner: Signer
  carpark: Pick<CarparkPort, 'templates'>
  /** The shard's size and protocol; `shardInfo` over the allocation and store tables. */
  shardInfo: (space: string, shard: string) => Promise<ShardInfo>
}

/**
 * Finds the claim the location-claims step would have written for (shard, space) by
 * re-creating it: the claim is deterministic, so its CID is the bucket key. Only the carpark URL
 * is re-created; a claim that named a URL found through an older claim is not found here.
 */
export function createClaimsBucketLookup(
  ports: ClaimsBucketLookupPorts
): StoredClaimLookup {
  return {
    async has(shard, space) {
      const info = await sizeOf(ports, space, shard)
      if (!info) return false
      const cid = CID.parse(shard)
      const z = base58btc.encode(cid.multihash.bytes)
      const claim = await signLocationClaim(ports.uploadServiceSigner, {
        space,
        digest: cid.multihash,
        url: carparkUrl(ports.carpark, info, z),
        size: info.size,
      })
      const key = claim.cid.toString()
      const archive = await read(ports.claimsBucket, key)
      if (!archive) return false
      // The bucket does not check content: only an archive of this very claim counts.
      return (await Delegation.extract(archive)).ok?.cid.toString() === key
    },
  }
}

/** No size means the step could not have claimed the shard. */
async function sizeOf(
  ports: ClaimsBucketLookupPorts,
  space: string,
  shard: string
): Promise<ShardInfo | undefined> {
  try {
    return await ports.shardInfo(space, shard)
  } catch (err) {
    if (err instanceof ShardSizeUnknown) return undefined
    throw err
  }
}

async function read(
  bucket: BlobStore,
  key: string
): Promise<Uint8Array | undefined> {
  try {
    return await bucket.get(key)
  } catch (err) {
    throw new ClaimsStoreUnavailable(
      STEP,
      `reading claim ${key}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err }
    )
  }
}
