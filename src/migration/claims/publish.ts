import type { Signer } from '@ucanto/interface'
import { CID } from 'multiformats/cid'
import { claimArchive, signLocationClaim } from './claim.js'
import { locationJob } from './ipni-job.js'
import { locateShard } from './locate.js'
import { httpMultiaddr, joinUrl } from './multiaddr.js'
import type {
  LocationClaimsInput,
  LocationClaimsPorts,
  ShardClaimResult,
  ShardInput,
} from './types.js'

/**
 * Publishes a location claim with the upload's space for each shard, one shard after another,
 * stopping at the first failure. Safe to run again: the claim is the same, the bucket object is
 * overwritten with the same bytes, `claim/cache` is idempotent and the IPNI job is deduplicated.
 */
export async function publishLocationClaims(
  ports: LocationClaimsPorts,
  input: LocationClaimsInput
): Promise<ShardClaimResult[]> {
  const results: ShardClaimResult[] = []
  for (const shard of input.shards)
    results.push(await publishShardClaim(ports, input.space, shard))
  return results
}

async function publishShardClaim(
  ports: LocationClaimsPorts,
  space: string,
  shard: ShardInput
): Promise<ShardClaimResult> {
  const cid = CID.parse(shard.cid)
  const location = await locateShard(ports, shard, cid.multihash)
  const claim = await signLocationClaim(ports.uploadServiceSigner, {
    space,
    digest: cid.multihash,
    url: location.url,
    size: shard.size,
  })
  // Keyed by the bare claim CID: the provider address says the storage node serves the claim at
  // `/claim/{claim}`, and that node's claim store keys objects by the CID alone (§6.4).
  await ports.claimsBucket.put(claim.cid.toString(), await claimArchive(claim))
  const addresses = [
    httpMultiaddr(joinUrl(ports.piriUrl, 'claim/{claim}')),
    httpMultiaddr(location.blobTemplate),
  ]
  await ports.indexer.cacheClaim({
    issuer: asDidKey(ports.uploadServiceSigner),
    claim,
    addresses: addresses.map((a) => a.bytes),
  })
  const job = await locationJob({
    space,
    shard: cid,
    claim: claim.cid,
    provider: {
      id: ports.peerIds[shard.protocol],
      addrs: addresses.map((a) => a.text),
    },
  })
  const queued = await ports.ipni[shard.protocol].publish(job)
  return {
    shard: shard.cid,
    claim: claim.cid.toString(),
    location: location.url,
    duplicateJob: queued.duplicate,
  }
}

const asDidKey = (signer: Signer) => signer.withDID(signer.toDIDKey())
