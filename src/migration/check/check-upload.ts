import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { NoShardsNoIndex } from '../../failures/index.js'
import { CAR_CODEC } from '../car-codec.js'
import { chunk } from '../batches.js'
import { ownIndex } from './own-index.js'
import {
  type IndexerPort,
  MAX_HASHES_PER_QUERY,
  type UploadRecord,
} from '../ports.js'

/** Where one upload stands, and what it still needs. */
export interface UploadStatus {
  /** An index of this root names the upload's own shards (any index of it, for a row without shards). */
  hasIndex: boolean
  /** The upload's shard CAR CIDs: from its row, or from its index when the row has none. */
  shards: string[]
  /** Shards without a location claim that carries the upload's space. */
  shardsNeedingClaims: string[]
}

/**
 * Asks the indexer what the upload already has: one query for the root (index claim, and the
 * index itself, which names the shards when the row has none) and one per 200 shards for their
 * location claims in the upload's space. A failed query is transient (the indexer port says so),
 * never "nothing migrated": the original treated errors as an empty answer and rebuilt indexes
 * that existed.
 */
export async function checkUpload(
  indexer: Pick<IndexerPort, 'query'>,
  upload: UploadRecord
): Promise<UploadStatus> {
  const root = CID.parse(upload.root)
  const rootAnswer = await indexer.query([root.multihash])
  const own = ownIndex(rootAnswer.indexes, upload)
  const hasIndex = own !== undefined
  const shards =
    upload.shards.length > 0 ? upload.shards : shardsFromIndex(own?.shards)
  if (shards.length === 0)
    throw new NoShardsNoIndex(
      'check',
      `upload ${upload.root} has no shards in its row and no index to name them`
    )
  const inSpace = new Set<string>()
  for (const batch of chunk(shards, MAX_HASHES_PER_QUERY)) {
    const digests = batch.map((shard) => CID.parse(shard).multihash)
    const located = await indexer.query(digests, {
      kind: 'location',
      spaces: [upload.space],
    })
    for (const l of located.locations)
      if (l.space === upload.space) inSpace.add(l.content)
  }
  return {
    hasIndex,
    shards,
    shardsNeedingClaims: shards.filter(
      (shard) =>
        !inSpace.has(base58btc.encode(CID.parse(shard).multihash.bytes))
    ),
  }
}

/** Legacy shards are CARs: a multihash named by an index becomes a CAR CID. */
function shardsFromIndex(multihashes: string[] = []): string[] {
  return multihashes.map((multihash) =>
    CID.createV1(
      CAR_CODEC,
      Digest.decode(base58btc.decode(multihash))
    ).toString()
  )
}
