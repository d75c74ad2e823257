import { Client } from '@storacha/indexing-service-client'
import { CID } from 'multiformats/cid'
import type { IsServable } from './gateway/index.js'

/**
 * Whether the gateway could serve a root, as Freeway locates content through the indexer: an
 * index must be found and location claims must name the spaces whose serve delegations apply.
 */
export function servableThroughIndexer(indexerUrl: string): IsServable {
  const client = new Client({ serviceURL: new URL(indexerUrl) })
  return async (root) => {
    const result = await client.queryClaims({
      hashes: [CID.parse(root).multihash],
    })
    if (result.error || result.ok.indexes.size === 0) return false
    const spaces = new Set<string>()
    for (const claim of result.ok.claims.values()) {
      if (claim.type === 'assert/location' && claim.space)
        spaces.add(claim.space.did())
    }
    return spaces.size > 0 ? { spaces: [...spaces] } : false
  }
}
