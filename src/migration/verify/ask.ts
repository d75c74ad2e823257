import type { MultihashDigest } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import type { ClaimsAnswer, ClaimsQueryOptions, IndexerPort } from '../ports.js'
import { IndexerUnavailable, STEP } from './errors.js'

/** One indexer query; any failure is transient, because an unanswered query proves nothing. */
export const ask = (
  indexer: Pick<IndexerPort, 'query'>,
  cids: readonly string[],
  options?: ClaimsQueryOptions
): Promise<ClaimsAnswer> => askDigests(indexer, cids.map(digestOf), options)

/** {@link ask} by multihash. */
export async function askDigests(
  indexer: Pick<IndexerPort, 'query'>,
  hashes: readonly MultihashDigest[],
  options?: ClaimsQueryOptions
): Promise<ClaimsAnswer> {
  try {
    return await indexer.query(hashes, options)
  } catch (err) {
    throw new IndexerUnavailable(
      STEP,
      `indexing service query failed: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err }
    )
  }
}

const digestOf = (cid: string): MultihashDigest => CID.parse(cid).multihash

/** The base58btc multihash the indexer's answers name content by. */
export const multihashOf = (cid: string): string =>
  base58btc.encode(CID.parse(cid).multihash.bytes)
