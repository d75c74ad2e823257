/** Making claims queryable: shared by the UCAN handlers and the in-process API. */
import { ShardedDAGIndex } from '@storacha/blob-index'
import type { ShardedDAGIndexView } from '@storacha/blob-index/types'
import type { Delegation } from '@ucanto/interface'
import type { Link, MultihashDigest, UnknownLink } from 'multiformats'
import { equals } from 'multiformats/bytes'
import { sha256 } from 'multiformats/hashes/sha2'
import type { ClaimStore } from './claim-store.js'
import { asIndexClaim, asLocationClaim, contentDigest } from './claims.js'
import { locationContextId } from './context-id.js'
import { IndexUnavailable } from './errors.js'

export interface CachedLocation {
  claim: string
  content: MultihashDigest
  /** The claim's space DID, '' when it has none. */
  space: string
}

/** Stores a location claim and a location record for its content multihash. */
export async function cacheLocation(
  store: ClaimStore,
  claim: Delegation,
  addresses: readonly Uint8Array[]
): Promise<CachedLocation> {
  const location = asLocationClaim(claim)
  const content = contentDigest(location.content)
  const space = location.space?.did() ?? ''
  const contextId = await locationContextId(space || undefined, content)
  const cid = store.putClaim(claim)
  store.addLocation(content, { claim: cid, contextId, addresses })
  return { claim: cid, content, space }
}

/**
 * Stores an index claim and writes an index record under every slice multihash of the index
 * (blocks and whole shards) and under the content multihash.
 */
export function registerIndex(
  store: ClaimStore,
  claim: Delegation,
  index: ShardedDAGIndexView,
  indexLink: Link
): void {
  const record = { claim: store.putClaim(claim), index: indexLink }
  store.putIndex(indexLink.multihash, index)
  store.addIndexRecord(index.content.multihash, record)
  for (const slices of index.shards.values())
    for (const slice of slices.keys()) store.addIndexRecord(slice, record)
}

/** Throws unless the index describes the claimed content. */
export function checkIndexContent(
  index: ShardedDAGIndexView,
  content: UnknownLink | { digest: Uint8Array }
): void {
  if (!equals(index.content.multihash.bytes, contentDigest(content).bytes))
    throw new IndexUnavailable(
      `index describes ${index.content}, not the claimed content`
    )
}

/** `publishIndex` of the in-process API: the claim plus the archive bytes it names. */
export async function publishIndexBytes(
  store: ClaimStore,
  claim: Delegation,
  bytes: Uint8Array
): Promise<void> {
  const { content, index: indexLink } = asIndexClaim(claim)
  const digest = await sha256.digest(bytes)
  if (!equals(digest.bytes, indexLink.multihash.bytes))
    throw new IndexUnavailable(`index bytes do not hash to ${indexLink}`)
  const index = ShardedDAGIndex.extract(bytes)
  if (index.error)
    throw new IndexUnavailable(
      `not a sharded DAG index: ${index.error.message}`
    )
  checkIndexContent(index.ok, content)
  registerIndex(store, claim, index.ok, indexLink)
}
