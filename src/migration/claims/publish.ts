import type { Signer } from '@ucanto/interface'
import { CID } from 'multiformats/cid'
import { chunk } from '../batches.js'
import type { CacheClaimInput, IpniJob } from '../ports.js'
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

/** Shards whose claims go to the indexer in one `claim/cache` request. */
export const CLAIMS_PER_REQUEST = 50

/**
 * Publishes a location claim with the upload's space for each shard: up to 50 shards at a time,
 * each located and its claim signed and stored in the claims bucket, then their IPNI jobs in as
 * few messages as the queue takes, then all their `claim/cache` invocations in one request.
 * The cached claim goes last because it is what the check step reads to call a shard done: a
 * worker dying after it but before the job would leave a shard that no retry announces. Safe to
 * run again: the claim is the same, the bucket object is overwritten with the same bytes, the
 * IPNI job is deduplicated and `claim/cache` is idempotent.
 */
export async function publishLocationClaims(
  ports: LocationClaimsPorts,
  input: LocationClaimsInput
): Promise<ShardClaimResult[]> {
  const results: ShardClaimResult[] = []
  for (const shards of chunk(input.shards, CLAIMS_PER_REQUEST))
    results.push(...(await publishBatch(ports, input.space, shards)))
  return results
}

async function publishBatch(
  ports: LocationClaimsPorts,
  space: string,
  shards: readonly ShardInput[]
): Promise<ShardClaimResult[]> {
  const prepared = await Promise.all(
    shards.map((shard) => prepareClaim(ports, space, shard))
  )
  const duplicate = new Map<IpniJob, boolean>()
  for (const protocol of ['blob', 'store'] as const) {
    const jobs = prepared
      .filter((p) => p.shard.protocol === protocol)
      .map((p) => p.job)
    if (jobs.length === 0) continue
    const answers = await ports.ipni[protocol].publishAll(jobs)
    jobs.forEach((job, i) => duplicate.set(job, answers[i]!.duplicate))
  }
  const issuer = asDidKey(ports.uploadServiceSigner)
  await ports.indexer.cacheClaims(
    prepared.map(({ cache }) => ({ ...cache, issuer }))
  )
  return prepared.map(({ shard, result, job }) => ({
    ...result,
    shard: shard.cid,
    duplicateJob: duplicate.get(job) ?? false,
  }))
}

/** One shard's claim, signed and stored, with its `claim/cache` input and its IPNI job. */
async function prepareClaim(
  ports: LocationClaimsPorts,
  space: string,
  shard: ShardInput
) {
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
  const job = await locationJob({
    space,
    shard: cid,
    claim: claim.cid,
    provider: {
      id: ports.peerIds[shard.protocol],
      addrs: addresses.map((a) => a.text),
    },
  })
  const cache: Omit<CacheClaimInput, 'issuer'> = {
    claim,
    addresses: addresses.map((a) => a.bytes),
  }
  return {
    shard,
    cache,
    job,
    result: { claim: claim.cid.toString(), location: location.url },
  }
}

const asDidKey = (signer: Signer) => signer.withDID(signer.toDIDKey())
