/**
 * The migration's outside world, as the steps see it. Read this first.
 *
 * Every step in `src/migration` takes these ports and nothing else: no URL, no credential, no
 * client of its own. `src/services` has one module per outside service implementing its port and
 * classifying that service's failures into the taxonomy of `src/failures`; the composition root
 * (`src/workers/deps.ts`) builds them all from configuration, once per worker. Tests give the
 * steps the in-memory fakes of `test/fakes`, which pass the same contract suites as the real
 * implementations.
 *
 * Each port throws only `TransientError` (retry), `PermanentError` (record it) or one of their
 * subclasses. Ports that a service lets answer for many things at once take many things at once.
 */
import type { Access, UCAN } from '@storacha/capabilities'
import type {
  Delegation,
  IssuedInvocationView,
  Signer,
} from '@ucanto/interface'
import type { MultihashDigest } from 'multiformats'
import type { DelegationRecord } from '../services/dynamo/delegation-table.js'
import type {
  MigrationSpaceRecord,
  MigrationSpaceStatus,
} from '../services/dynamo/migration-spaces-table.js'
import type { SpaceProgress } from '../services/dynamo/migration-progress-table.js'
import type { ConsumerRecord } from '../services/dynamo/consumer-table.js'
import type { SubscriptionRecord } from '../services/dynamo/subscription-table.js'

export type { UploadRecord } from '../services/dynamo/upload-table.js'
export type { DelegationRecord, MigrationSpaceRecord, MigrationSpaceStatus }

/** The protocol a shard was stored with; it decides the shard's carpark key and IPNI queue. */
export type ShardProtocol = 'blob' | 'store'

/** A shard's size and the protocol it was stored with. */
export interface ShardInfo {
  /** The shard's CID string (a CAR CID for legacy shards). */
  cid: string
  size: number
  protocol: ShardProtocol
}

// ---------------------------------------------------------------------------------------------
// Indexing service

/** Most multihashes one claims query may carry: the service answers 414 past about 300. */
export const MAX_HASHES_PER_QUERY = 200

export interface ClaimsQueryOptions {
  /** `standard` (index and location claims, and the indexes) or `location` claims only. */
  kind?: 'standard' | 'location'
  /** Only location claims whose space is one of these (`match.subject`). */
  spaces?: string[]
}

/** What the migration needs to know from a claims query, in plain values. */
export interface ClaimsAnswer {
  /** `assert/index` claims: the index CIDs registered for the queried content. */
  indexClaims: string[]
  /**
   * The indexes returned: for each, the content it indexes (the root's base58btc multihash) and
   * the shard multihashes (base58btc) it names. An index of another upload can come back too
   * (its DAG holds the queried block), or several for one root uploaded more than once.
   */
  indexes: { content: string; shards: string[] }[]
  /** `assert/location` claims: content multihash (base58btc) with the claim's space, if any. */
  locations: { content: string; space?: string; location: string[] }[]
}

export interface IndexerPort {
  /** One claims query for up to {@link MAX_HASHES_PER_QUERY} multihashes. */
  query(
    hashes: readonly MultihashDigest[],
    options?: ClaimsQueryOptions
  ): Promise<ClaimsAnswer>
  /** `assert/index` of `index` for `root`, invoked by the space that stored the index. */
  assertIndex(input: {
    space: Signer
    root: string
    index: string
  }): Promise<void>
  /**
   * `claim/cache` of location claims, each with the provider's binary multiaddrs, the
   * invocations in one request; `issuer` must be an ed25519 did:key (the indexer derives the
   * provider's peer ID from it). Fails when any of them is refused.
   */
  cacheClaims(claims: readonly CacheClaimInput[]): Promise<void>
}

export interface CacheClaimInput {
  issuer: Signer
  claim: Delegation
  addresses: Uint8Array[]
}

// ---------------------------------------------------------------------------------------------
// Index worker and carpark

/** One block of a shard, as the index worker reports it: absolute offset and length. */
export interface IndexedBlock {
  multihash: Uint8Array
  offset: number
  length: number
}

export interface IndexWorkerPort {
  /**
   * Every block of a shard, handed to `onBlock` as they stream in (nothing holds the listing);
   * whether the bytes were under the carpark key its protocol names (its URL template's).
   * Throws `ShardNotFound` when the shard is in no carpark key.
   */
  indexShard(
    shard: ShardInfo,
    onBlock: (block: IndexedBlock) => void
  ): Promise<{ atProtocolKey: boolean }>
}

export interface CarparkPort {
  /** Public URL templates of blob- and store-protocol shards (`{blob}`, `{blobCID}`). */
  readonly templates: Record<ShardProtocol, string>
  /** Whether a URL of shard bytes answers (HEAD). */
  exists(url: string): Promise<boolean>
}

// ---------------------------------------------------------------------------------------------
// Upload service and gateway

export interface UploadServicePort {
  /** The upload service's DID, the provider migration spaces are provisioned with. */
  readonly did: string
  /** `space/blob/add` of `bytes` into `space`; the URL a storage node holds them at. */
  addBlob(input: {
    space: Signer
    digest: MultihashDigest
    bytes: Uint8Array
  }): Promise<{ location: string }>
}

/** An issued `access/delegate` invocation, as the gateway step builds it. */
export type AccessDelegateInvocation = IssuedInvocationView<
  ReturnType<typeof Access.delegate.create>
>

export interface GatewayPort {
  readonly did: string
  /** Executes `access/delegate`; resolves once the gateway has stored the delegations. */
  accessDelegate(invocation: AccessDelegateInvocation): Promise<void>
}

/** An issued `ucan/revoke` invocation, as a rollback builds it. */
export type RevokeInvocation = IssuedInvocationView<
  ReturnType<typeof UCAN.revoke.create>
>

/** Where Storacha takes `ucan/revoke`: the upload service, into its revocations store. */
export interface RevocationPort {
  /** The service the invocation is addressed to. */
  readonly did: string
  /** Executes `ucan/revoke`; resolves once the service has stored the revocation. */
  revoke(invocation: RevokeInvocation): Promise<void>
}

// ---------------------------------------------------------------------------------------------
// Publishing: claims bucket and IPNI queue

/** Objects by key, as an S3/R2 bucket holds them. */
export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<void>
  get(key: string): Promise<Uint8Array | undefined>
  /** Size in bytes, or undefined when there is no such object. */
  size(key: string): Promise<number | undefined>
  delete(key: string): Promise<void>
}

/**
 * One IPNI advertisement job, in the format go-libstoracha's publisher reads: the multihashes in
 * an object keyed by `jobId`, and a FIFO message naming it.
 */
export interface IpniJob {
  jobId: string
  /** base64 (standard) of the context ID; the FIFO message group. */
  contextId: string
  /** Stable for the same advertisement, so a retried send is dropped by the queue. */
  deduplicationId: string
  /** base64 (standard) of the metadata bytes. */
  metadata: string
  provider: { id: string; addrs: string[] }
  multihashes: Uint8Array[]
}

export interface IpniQueue {
  /** Queues a job; `duplicate` is true when the queue dropped it as a repeat. */
  publish(job: IpniJob): Promise<{ duplicate: boolean }>
  /** Queues many jobs in as few requests as the queue takes; the answers in their order. */
  publishAll(jobs: readonly IpniJob[]): Promise<{ duplicate: boolean }[]>
}

// ---------------------------------------------------------------------------------------------
// Tables

export interface ShardSizeTable {
  /** The sizes of many shards of one space in one call, by key; absent keys have no row. */
  getSizes(space: string, keys: readonly string[]): Promise<Map<string, number>>
}

/** Where shard sizes are recorded: by base58btc multihash (blob), by CAR CID (store). */
export interface ShardSizeTables {
  allocation: ShardSizeTable
  store: ShardSizeTable
}

/** Pages of the delegation table's `issuer` index. */
export interface DelegationIndex {
  byIssuer(issuer: string): AsyncIterable<DelegationRecord[]>
}

export interface MigrationSpaceTables {
  migrationSpaces: {
    get(customer: string): Promise<MigrationSpaceRecord | undefined>
    /** Writes the record unless one exists; either way, the record that now stands. */
    createOrGet(
      record: MigrationSpaceRecord
    ): Promise<{ record: MigrationSpaceRecord; created: boolean }>
    setStatus(customer: string, status: MigrationSpaceStatus): Promise<void>
  }
  consumer: { putIfAbsent(record: ConsumerRecord): Promise<boolean> }
  subscription: { putIfAbsent(record: SubscriptionRecord): Promise<boolean> }
  delegation: { putAll(records: DelegationRecord[]): Promise<void> }
}

/** The space's progress row, as far as the gateway step reads and writes it. */
export interface GatewayProgress {
  get(
    customer: string,
    space: string
  ): Promise<
    | Pick<
        SpaceProgress,
        'gatewayDelegation' | 'gatewayRevocations' | 'gatewayReauthorizations'
      >
    | undefined
  >
  update(
    customer: string,
    space: string,
    fields: { gatewayDelegation: string; gatewayReauthorizations?: number }
  ): Promise<unknown>
}
