import { ShardedDAGIndex } from '@storacha/blob-index'
import type { ShardedDAGIndexView } from '@storacha/blob-index/types'
import type { Delegation } from '@ucanto/interface'
import type { MultihashDigest } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { equals } from 'multiformats/bytes'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import type { LocationRecord } from './api.js'
import type { ClaimStore } from './claim-store.js'
import { asLocationClaim } from './claims.js'
import { IndexUnavailable } from './errors.js'
import { multiaddrToUrl } from './multiaddr.js'

const RAW_CODE = 0x55

export interface ReadIndexInput {
  store: ClaimStore
  fetch: typeof globalThis.fetch
  /** Multihash of the index blob. */
  digest: MultihashDigest
  /** Location records of the index blob, tried in order until one yields the index. */
  records: readonly LocationRecord[]
  /** Throws when a location claim must not be used (assert/index's stricter rule). */
  check?: (claim: Delegation) => Promise<void>
}

/**
 * The index an index blob holds: from the cache (the real service caches indexes it downloaded)
 * or downloaded through one of its location records and then cached.
 */
export async function readIndex(
  input: ReadIndexInput
): Promise<ShardedDAGIndexView> {
  const problems: string[] = []
  for (const record of input.records) {
    try {
      return await readThrough(input, record)
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err))
    }
  }
  throw new IndexUnavailable(
    `index ${base58btc.encode(input.digest.bytes)} unavailable: ${problems.join('; ') || 'no location commitments found'}`
  )
}

async function readThrough(input: ReadIndexInput, record: LocationRecord) {
  const claim = input.store.getClaim(record.claim)
  if (!claim) throw new IndexUnavailable(`claim ${record.claim} not stored`)
  await input.check?.(claim)
  const cached = input.store.getIndex(input.digest)
  if (cached) return cached
  const bytes = await download(input, record, claim)
  const index = await decodeIndex(input.digest, bytes)
  input.store.putIndex(input.digest, index)
  return index
}

async function download(
  input: ReadIndexInput,
  record: LocationRecord,
  claim: Delegation
): Promise<Uint8Array> {
  const location = asLocationClaim(claim)
  const url =
    blobUrl(record.addresses, input.digest) ?? location.location[0]?.toString()
  if (!url) throw new IndexUnavailable(`claim ${record.claim} has no location`)
  const headers: Record<string, string> = {}
  if (location.range) headers.range = rangeHeader(location.range)
  const response = await input.fetch(url, { headers })
  if (!response.ok)
    throw new IndexUnavailable(`GET ${url}: status ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}

/** The first provider address with a `{blob}` or `{blobCID}` placeholder, filled in. */
function blobUrl(
  addresses: readonly Uint8Array[],
  digest: MultihashDigest
): string | undefined {
  for (const address of addresses) {
    let template: string
    try {
      template = multiaddrToUrl(address)
    } catch {
      continue
    }
    if (!/\{blob(CID)?\}/.test(template)) continue
    return template
      .replaceAll('{blobCID}', CID.createV1(RAW_CODE, digest).toString())
      .replaceAll('{blob}', base58btc.encode(digest.bytes))
  }
  return undefined
}

function rangeHeader(range: { offset: number; length?: number }): string {
  const end = range.length === undefined ? '' : range.offset + range.length - 1
  return `bytes=${range.offset}-${end}`
}

async function decodeIndex(digest: MultihashDigest, bytes: Uint8Array) {
  const actual = await sha256.digest(bytes)
  if (!equals(actual.bytes, digest.bytes))
    throw new IndexUnavailable(
      `downloaded bytes hash to ${base58btc.encode(actual.bytes)}`
    )
  const index = ShardedDAGIndex.extract(bytes)
  if (index.error)
    throw new IndexUnavailable(
      `not a sharded DAG index: ${index.error.message}`
    )
  return index.ok
}
