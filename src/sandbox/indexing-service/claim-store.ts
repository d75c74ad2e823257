import type { ShardedDAGIndexView } from '@storacha/blob-index/types'
import type { Delegation } from '@ucanto/interface'
import type { MultihashDigest } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { equals } from 'multiformats/bytes'
import type { IndexRecord, LocationRecord } from './api.js'

const key = (digest: MultihashDigest) => base58btc.encode(digest.bytes)

/** Claims by CID, provider records by multihash, and downloaded indexes by index multihash. */
export class ClaimStore {
  readonly #claims = new Map<string, Delegation>()
  readonly #locations = new Map<string, LocationRecord[]>()
  readonly #indexRecords = new Map<string, IndexRecord[]>()
  readonly #indexes = new Map<string, ShardedDAGIndexView>()

  putClaim(claim: Delegation): string {
    const cid = claim.cid.toString()
    this.#claims.set(cid, claim)
    return cid
  }

  getClaim(cid: string): Delegation | undefined {
    return this.#claims.get(cid)
  }

  addLocation(digest: MultihashDigest, record: LocationRecord): void {
    const records = this.#locations.get(key(digest)) ?? []
    const same = (r: LocationRecord) =>
      r.claim === record.claim && equals(r.contextId, record.contextId)
    // A re-cached claim replaces its record, so that new addresses take effect.
    this.#locations.set(key(digest), [
      ...records.filter((r) => !same(r)),
      record,
    ])
  }

  locations(digest: MultihashDigest): readonly LocationRecord[] {
    return this.#locations.get(key(digest)) ?? []
  }

  addIndexRecord(digest: MultihashDigest, record: IndexRecord): void {
    const records = this.#indexRecords.get(key(digest)) ?? []
    if (records.some((r) => r.claim === record.claim)) return
    this.#indexRecords.set(key(digest), [...records, record])
  }

  indexRecords(digest: MultihashDigest): readonly IndexRecord[] {
    return this.#indexRecords.get(key(digest)) ?? []
  }

  putIndex(digest: MultihashDigest, index: ShardedDAGIndexView): void {
    this.#indexes.set(key(digest), index)
  }

  getIndex(digest: MultihashDigest): ShardedDAGIndexView | undefined {
    return this.#indexes.get(key(digest))
  }

  clear(): void {
    this.#claims.clear()
    this.#locations.clear()
    this.#indexRecords.clear()
    this.#indexes.clear()
  }
}
