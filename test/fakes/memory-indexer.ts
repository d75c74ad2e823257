import { ShardedDAGIndex } from '@storacha/blob-index'
import type { Delegation } from '@ucanto/interface'
import type { MultihashDigest } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { ServiceRejected, TransientError } from '../../src/failures/index.js'
import {
  type ClaimsAnswer,
  type IndexerPort,
  MAX_HASHES_PER_QUERY,
} from '../../src/migration/ports.js'

interface LocationRecord {
  content: string
  space?: string
  location: string[]
}

/**
 * The indexing service in memory, answering as the real one does for what the migration asks:
 * a standard query gives the index claims of a root with the shards each index names, and the
 * location claims of each hash; a location query gives location claims only. It passes the
 * indexer contract suite, as the real client against the sandbox does.
 */
export class MemoryIndexer implements IndexerPort {
  readonly locations: LocationRecord[] = []
  /** root (base58btc) → index CID → the shards (base58btc) it names. */
  readonly indexes = new Map<string, Map<string, string[]>>()
  /** Index blobs as stored through the upload service, by base58btc multihash. */
  readonly blobs = new Map<string, Uint8Array>()
  /** Every query, with the number of hashes it carried. */
  readonly queries: { hashes: number; kind: string }[] = []
  /** Claims accepted but not yet visible to queries (an indexer that lags). */
  lagging = false
  #failures = 0

  /** Fails the next `n` calls with a transient error, as a 5xx would. */
  failNext(n = 1) {
    this.#failures += n
  }

  async query(
    hashes: readonly MultihashDigest[],
    {
      kind = 'standard',
      spaces = [],
    }: { kind?: string; spaces?: string[] } = {}
  ): Promise<ClaimsAnswer> {
    this.#maybeFail('check')
    if (hashes.length === 0 || hashes.length > MAX_HASHES_PER_QUERY)
      throw new RangeError(
        `a claims query takes 1 to ${MAX_HASHES_PER_QUERY} multihashes`
      )
    this.queries.push({ hashes: hashes.length, kind })
    const answer: ClaimsAnswer = { indexClaims: [], indexes: [], locations: [] }
    for (const hash of hashes) {
      const z = base58btc.encode(hash.bytes)
      if (kind !== 'location')
        for (const [index, shards] of this.indexes.get(z) ?? []) {
          answer.indexClaims.push(index)
          answer.indexes.push({ content: z, shards })
        }
      for (const record of this.locations)
        if (
          record.content === z &&
          (spaces.length === 0 ||
            (record.space && spaces.includes(record.space)))
        )
          answer.locations.push({ ...record })
    }
    return answer
  }

  async assertIndex(input: {
    space: { did(): string }
    root: string
    index: string
  }) {
    this.#maybeFail('index')
    const digest = CID.parse(input.index).multihash
    const z = base58btc.encode(digest.bytes)
    const bytes = this.blobs.get(z)
    const located = this.locations.some(
      (l) => l.content === z && l.space === input.space.did()
    )
    if (!bytes || !located)
      throw new ServiceRejected(
        'index',
        `assert/index: no location claim for ${input.index}`,
        {
          serviceError: 'IndexNotFound',
        }
      )
    const extracted = ShardedDAGIndex.extract(bytes)
    if (extracted.error)
      throw new ServiceRejected('index', 'not a ShardedDAGIndex')
    const shards = [...extracted.ok.shards.keys()].map((d) =>
      base58btc.encode(d.bytes)
    )
    const root = base58btc.encode(CID.parse(input.root).multihash.bytes)
    const byIndex = this.indexes.get(root) ?? new Map<string, string[]>()
    byIndex.set(CID.parse(input.index).toV1().toString(), shards)
    this.indexes.set(root, byIndex)
  }

  /** Every `cacheClaims` call, with the number of claims it carried (one request each). */
  readonly cacheRequests: number[] = []

  async cacheClaims(claims: readonly { claim: Delegation }[]) {
    this.#maybeFail('claims')
    this.cacheRequests.push(claims.length)
    for (const input of claims) this.#cache(input)
  }

  #cache(input: { claim: Delegation }) {
    const capability = input.claim.capabilities[0] as unknown as {
      can: string
      nb: {
        content: { digest: Uint8Array }
        location: string[]
        space?: Uint8Array | { did(): string }
      }
    }
    if (capability?.can !== 'assert/location')
      throw new ServiceRejected(
        'claims',
        `unrecognized claim ${capability?.can}`,
        {
          serviceError: 'UnrecognizedClaim',
        }
      )
    if (this.lagging) return
    this.addLocation({
      content: base58btc.encode(capability.nb.content.digest),
      space: input.claim.audience.did(),
      location: capability.nb.location.map(String),
    })
  }

  /** A location claim as a storage node or an earlier run would have left it. */
  addLocation(record: LocationRecord) {
    const same = this.locations.some(
      (l) =>
        l.content === record.content &&
        l.space === record.space &&
        l.location.join() === record.location.join()
    )
    if (!same) this.locations.push(record)
  }

  #maybeFail(step: 'check' | 'index' | 'claims') {
    if (this.#failures === 0) return
    this.#failures--
    throw new TransientError(step, 'indexing service: HTTP 500')
  }
}
