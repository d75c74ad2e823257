import * as Assert from '@storacha/capabilities/assert'
import * as ClaimCapabilities from '@storacha/capabilities/claim'
import type { Delegation, PrincipalView, Signer } from '@ucanto/interface'
import type { MultihashDigest } from 'multiformats'
import type { StorageNodeOptions } from './api.js'

/**
 * The location commitment a node issues for a blob it accepted: to the space, naming the
 * space, never expiring (so that the same blob at the same URL is the same claim).
 */
export function locationCommitment(input: {
  node: Signer
  space: PrincipalView
  digest: MultihashDigest
  location: string
}) {
  return Assert.location
    .invoke({
      issuer: input.node,
      audience: input.space,
      with: input.node.did(),
      nb: {
        content: { digest: input.digest.bytes },
        location: [input.location as `${string}:${string}`],
        space: input.space,
      },
      expiration: Infinity,
    })
    .delegate()
}

/** `claim/cache` of the commitment at the indexer, self-issued with the claim attached. */
export async function cacheAtIndexer(
  node: Signer,
  indexer: StorageNodeOptions['indexingService'],
  claim: Delegation
) {
  const receipt = await ClaimCapabilities.cache
    .invoke({
      issuer: node,
      audience: indexer.invocationConfig.audience,
      with: node.did(),
      nb: { claim: claim.cid, provider: { addresses: [] } },
      expiration: Infinity,
      proofs: [claim],
    })
    .execute(indexer.connection)
  return receipt.out
}
