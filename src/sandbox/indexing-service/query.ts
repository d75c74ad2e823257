import type { ShardedDAGIndexView } from '@storacha/blob-index/types'
import * as Claim from '@storacha/indexing-service-client/claim'
import * as QueryResult from '@storacha/indexing-service-client/query-result'
import type { MultihashDigest } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { equals } from 'multiformats/bytes'
import type { IndexRecord, LocationRecord, QueryKind } from './api.js'
import type { ClaimStore } from './claim-store.js'
import { locationContextId } from './context-id.js'
import { readIndex } from './index-reader.js'

export interface Query {
  hashes: readonly MultihashDigest[]
  /** `match.subject`: when not empty, only location records of these spaces count. */
  spaces: readonly string[]
  kind: QueryKind
}

export interface QueryDeps {
  store: ClaimStore
  fetch: typeof globalThis.fetch
}

export class QueryFailed extends Error {
  override name = 'QueryFailed' as const
}

/**
 * The QueryResult CAR the real service would answer. `standard_compressed` is answered like
 * `standard` (the compressed single claim is not imitated); equals claims are not supported.
 */
export async function runQuery(
  deps: QueryDeps,
  query: Query
): Promise<Uint8Array> {
  const walk = new Walk(deps, query.spaces)
  for (const hash of query.hashes) {
    if (query.kind !== 'location')
      for (const record of deps.store.indexRecords(hash))
        await walk.followIndex(hash, record)
    await walk.addLocations(hash)
  }
  return walk.encode()
}

class Walk {
  readonly claims = new Set<string>()
  readonly indexes = new Map<string, ShardedDAGIndexView>()

  constructor(
    readonly deps: QueryDeps,
    readonly spaces: readonly string[]
  ) {}

  async followIndex(hash: MultihashDigest, record: IndexRecord) {
    this.claims.add(record.claim)
    const digest = record.index.multihash
    const records = await this.addLocations(digest)
    const [first] = records
    if (!first) return
    const index = await readIndex({ ...this.deps, digest, records })
    this.indexes.set(base58btc.encode(first.contextId), index)
    for (const [shard, slices] of index.shards)
      if (slices.has(hash)) await this.addLocations(shard)
  }

  async addLocations(digest: MultihashDigest): Promise<LocationRecord[]> {
    const records = await this.#matching(digest)
    for (const record of records) this.claims.add(record.claim)
    return records
  }

  async #matching(digest: MultihashDigest): Promise<LocationRecord[]> {
    const records = this.deps.store.locations(digest)
    if (this.spaces.length === 0) return [...records]
    const wanted = await Promise.all(
      this.spaces.map((space) => locationContextId(space, digest))
    )
    return records.filter((r) => wanted.some((id) => equals(id, r.contextId)))
  }

  async encode(): Promise<Uint8Array> {
    const claims = [...this.claims].map((cid) => {
      const claim = this.deps.store.getClaim(cid)
      if (!claim) throw new QueryFailed(`claim ${cid} not stored`)
      return Claim.from(claim)
    })
    const result = await QueryResult.from({ claims, indexes: this.indexes })
    if (result.error) throw new QueryFailed(result.error.message)
    const bytes = await QueryResult.archive(result.ok)
    if (bytes.error) throw new QueryFailed(bytes.error.message)
    return bytes.ok
  }
}
