import { Client } from '@storacha/indexing-service-client'
import type { MultihashDigest } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { timeoutFetch } from './http/fetch-with-timeout.js'

/** What the migration needs to know from a claims query, in plain values. */
export interface ClaimsAnswer {
  /** `assert/index` claims: the index CIDs registered for the queried content. */
  indexClaims: string[]
  /** The indexes returned: for each, the shard multihashes (base58btc) it names. */
  indexShards: string[][]
  /** `assert/location` claims: content multihash (base58btc) with the claim's space, if any. */
  locations: { content: string; space?: string; location: string[] }[]
}

export class IndexerQueryFailed extends Error {
  override name = 'IndexerQueryFailed' as const
}

/** The indexing service's claims query, with a timeout on every request. */
export function createIndexerQuery({
  url,
  timeoutMs = 30_000,
  fetch,
}: {
  url: string
  timeoutMs?: number
  fetch?: typeof globalThis.fetch
}) {
  const client = new Client({
    serviceURL: new URL(url),
    fetch: timeoutFetch(timeoutMs, fetch),
  })
  return async function queryClaims(
    hashes: MultihashDigest[],
    {
      kind = 'standard',
      spaces = [],
    }: { kind?: 'standard' | 'location'; spaces?: string[] } = {}
  ): Promise<ClaimsAnswer> {
    const result = await client.queryClaims({
      hashes,
      kind,
      match: { subject: spaces as `did:key:${string}`[] },
    })
    if (result.error)
      throw new IndexerQueryFailed(result.error.message, {
        cause: result.error,
      })
    const answer: ClaimsAnswer = {
      indexClaims: [],
      indexShards: [],
      locations: [],
    }
    for (const claim of result.ok.claims.values()) {
      if (claim.type === 'assert/index')
        answer.indexClaims.push(claim.index.toString())
      if (claim.type === 'assert/location') {
        answer.locations.push({
          content: base58btc.encode(contentDigest(claim.content)),
          space: claim.space?.did(),
          location: claim.location.map(String),
        })
      }
    }
    for (const index of result.ok.indexes.values()) {
      answer.indexShards.push(
        [...index.shards.keys()].map((digest) => base58btc.encode(digest.bytes))
      )
    }
    return answer
  }
}

export type IndexerQuery = ReturnType<typeof createIndexerQuery>

function contentDigest(
  content: { multihash: MultihashDigest } | { digest: Uint8Array }
): Uint8Array {
  return 'multihash' in content ? content.multihash.bytes : content.digest
}
