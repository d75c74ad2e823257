/**
 * Types of the sandbox indexing service. Read this first.
 *
 * The service keeps IPNI-style provider records per multihash, like the real one: location
 * records (from `claim/cache` or `publishLocationClaim`) carry a context ID that `match.subject`
 * filters on; index records (from `assert/index` or `publishIndex`) are written under every slice
 * multihash of the index and are never filtered.
 */
import type { Delegation, Signer } from '@ucanto/interface'
import type { Link } from 'multiformats'
import type { Faults } from '../faults.js'
import type { Ledger } from '../ledger.js'

export type DidWeb = `did:web:${string}`
export type DidKey = `did:key:${string}`

/** The query kinds `@storacha/indexing-service-client` sends as `type`. */
export const QUERY_KINDS = [
  'standard',
  'standard_compressed',
  'index_or_location',
  'location',
] as const
export type QueryKind = (typeof QUERY_KINDS)[number]

export interface IndexingServiceOptions {
  /** The indexer's signer, a did:web wrapping an ed25519 key (`sandboxIdentities().indexer`). */
  signer: Signer
  ledger: Ledger
  /** did:web issuers accepted in UCAN chains, mapped to the did:key that signs for them. */
  didKeys?: Record<DidWeb, DidKey>
  /** Used to download index blobs; defaults to the global fetch. */
  fetch?: typeof globalThis.fetch
  port?: number
}

export interface PublishLocationOptions {
  /**
   * Provider addresses as URLs with `{blob}`, `{blobCID}` or `{claim}` placeholders, or as
   * binary multiaddrs (what `claim/cache` carries). Without a `{blob}` address the index is read
   * from the claim's own `location` URL.
   */
  addresses?: readonly (string | Uint8Array)[]
}

export interface IndexingService {
  url: string
  did: string
  faults: Faults
  /** Requests served so far (as `HttpService.requests`). */
  readonly requests: number
  close(): Promise<void>
  /** Makes a location claim queryable, as if cached by `claim/cache`, without a ledger entry. */
  publishLocationClaim(
    claim: Delegation,
    options?: PublishLocationOptions
  ): Promise<void>
  /**
   * Registers an `assert/index` claim and its index archive bytes, as if accepted by
   * `assert/index`, without a ledger entry and without needing a location for the index blob.
   * Queries still return the index only when a location claim for the index blob passes the
   * query's space filter, as the real service does.
   */
  publishIndex(claim: Delegation, index: Uint8Array): Promise<void>
  /** The archive of a stored claim, as `GET /claim/<cid>` serves it. */
  claimArchive(cid: string): Promise<Uint8Array | undefined>
  /**
   * Multihashes (base58btc) whose claims queries answer 500, as the real service does when it
   * fails to process one (the original's `INDEXING_SERVICE_500`): a poison root. Any query
   * naming one of them fails, and adds one to its count; the others answer as usual.
   */
  readonly failingQueries: Map<string, number>
  /** Forgets every claim, record and index (not the ledger). */
  reset(): void
  /**
   * A lagging indexer, for tests to switch on: `indexes` accepts `assert/index` (and records it)
   * without making the index queryable, so a verification right after disagrees.
   */
  lag: IndexerLag
}

export interface IndexerLag {
  indexes: boolean
}

export interface LocationRecord {
  claim: string
  /** sha256 multihash bytes of DIDbytes(space) ‖ multihash, or of the multihash alone. */
  contextId: Uint8Array
  addresses: readonly Uint8Array[]
}

export interface IndexRecord {
  claim: string
  index: Link
}
