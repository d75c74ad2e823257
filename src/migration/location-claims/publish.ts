import type { Signer } from '@ucanto/interface'
import { CID } from 'multiformats/cid'
import { base58btc } from 'multiformats/bases/base58'
import { cacheClaim } from '../../services/claims/claim-cache.js'
import { httpMultiaddr, joinUrl } from '../../services/multiaddr.js'
import type {
  LocationClaimsDeps,
  LocationClaimsInput,
  ShardClaimResult,
  ShardInput,
} from './api.js'
import { claimArchive, signLocationClaim } from './claim.js'
import { awsFailure, STEP } from './errors.js'
import { locationJob } from './ipni-job.js'
import { locateShard } from './locate.js'

const DEFAULT_TIMEOUT_MS = 30_000

/**
 * Publishes a location claim with the upload's space for each shard, one shard after another,
 * stopping at the first failure. Safe to run again: the claim is the same, the bucket object is
 * overwritten with the same bytes, `claim/cache` is idempotent and the IPNI job is deduplicated.
 */
export async function publishLocationClaims(
  deps: LocationClaimsDeps,
  input: LocationClaimsInput
): Promise<ShardClaimResult[]> {
  const results: ShardClaimResult[] = []
  for (const shard of input.shards)
    results.push(await publishShardClaim(deps, input.space, shard))
  return results
}

async function publishShardClaim(
  deps: LocationClaimsDeps,
  space: string,
  shard: ShardInput
): Promise<ShardClaimResult> {
  const cid = CID.parse(shard.cid)
  const location = await locateShard(deps, shard, cid.multihash)
  const claim = await signLocationClaim(deps.uploadServiceSigner, {
    space,
    digest: cid.multihash,
    url: location.url,
    size: shard.size,
  })
  await storeClaim(deps, claim.cid.toString(), await claimArchive(claim))
  const addresses = [
    httpMultiaddr(joinUrl(deps.piriUrl, 'claim/{claim}')),
    httpMultiaddr(location.blobTemplate),
  ]
  await cacheClaim(
    deps.indexer,
    {
      issuer: asDidKey(deps.uploadServiceSigner),
      claim,
      addresses: addresses.map((a) => a.bytes),
    },
    {
      step: STEP,
      timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      fetch: deps.fetch,
    }
  )
  const job = await locationJob({
    space,
    shard: cid,
    claim: claim.cid,
    provider: {
      id: deps.peerIds[shard.protocol],
      addrs: addresses.map((a) => a.text),
    },
  })
  const queued = await queueJob(deps, shard, job)
  return {
    shard: shard.cid,
    claim: claim.cid.toString(),
    location: location.url,
    duplicateJob: queued.duplicate,
  }
}

const asDidKey = (signer: Signer) => signer.withDID(signer.toDIDKey())

/**
 * Keyed by the bare claim CID: the provider address says the storage node serves the claim at
 * `/claim/{claim}`, and that node's claim store keys objects by the CID alone (§6.4).
 */
async function storeClaim(
  deps: LocationClaimsDeps,
  key: string,
  bytes: Uint8Array
) {
  try {
    await deps.claimsBucket.put(key, bytes)
  } catch (err) {
    throw awsFailure(`storing claim ${key}`, err)
  }
}

async function queueJob(
  deps: LocationClaimsDeps,
  shard: ShardInput,
  job: Awaited<ReturnType<typeof locationJob>>
) {
  try {
    return await deps.ipni[shard.protocol].publish(job)
  } catch (err) {
    const z = base58btc.encode(CID.parse(shard.cid).multihash.bytes)
    throw awsFailure(`queueing IPNI job for ${z}`, err)
  }
}
