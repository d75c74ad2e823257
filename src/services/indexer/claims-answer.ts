import type { Claim } from '@storacha/indexing-service-client/api'
import type { MultihashDigest } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import type { ClaimsAnswer } from '../../migration/ports.js'

interface QueryResult {
  claims: Map<unknown, Claim>
  indexes: Map<
    unknown,
    {
      content: { multihash: MultihashDigest }
      shards: Map<MultihashDigest, unknown>
    }
  >
}

/** A query result in plain values: index claims, the shards each index names, location claims. */
export function toClaimsAnswer(result: QueryResult): ClaimsAnswer {
  const answer: ClaimsAnswer = {
    indexClaims: [],
    indexes: [],
    locations: [],
  }
  for (const claim of result.claims.values()) {
    if (claim.type === 'assert/index')
      answer.indexClaims.push(claim.index.toString())
    if (claim.type === 'assert/location')
      answer.locations.push({
        content: base58btc.encode(contentDigest(claim.content)),
        space: claim.space?.did(),
        location: claim.location.map(String),
      })
  }
  for (const index of result.indexes.values())
    answer.indexes.push({
      content: base58btc.encode(index.content.multihash.bytes),
      shards: [...index.shards.keys()].map((digest) =>
        base58btc.encode(digest.bytes)
      ),
    })
  return answer
}

/** The one content-digest helper: a claim names its content by CID or by bare digest. */
export function contentDigest(
  content: { multihash: MultihashDigest } | { digest: Uint8Array }
): Uint8Array {
  return 'multihash' in content ? content.multihash.bytes : content.digest
}
