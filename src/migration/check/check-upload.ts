import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { NoShardsNoIndex } from '../../failures/index.js'
import { CAR_CODEC } from '../car-codec.js'
import { claimedInSpace, spaceShardKey } from './claimed-in-space.js'
import { indexesOfRoots } from './indexes-of-roots.js'
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
 * Asks the indexer what the upload already has; see {@link checkUploads}, of which it is the
 * case of one upload.
 */
export async function checkUpload(
  indexer: Pick<IndexerPort, 'query'>,
  upload: UploadRecord
): Promise<UploadStatus> {
  const [status] = await checkUploads(indexer, [upload])
  if (status instanceof NoShardsNoIndex) throw status
  return status!
}

/**
 * Asks the indexer what many uploads already have, in few queries: their roots up to 200 per
 * query (index claims, and the indexes themselves, which name the shards when a row has none),
 * then each space's shards up to 200 per query for their location claims in that space. An
 * upload with no shards and no index gets its permanent failure in its place of the answer. A
 * failed query is transient (the indexer port says so), never "nothing migrated": the original
 * treated errors as an empty answer and rebuilt indexes that existed.
 */
export async function checkUploads(
  indexer: Pick<IndexerPort, 'query'>,
  uploads: readonly UploadRecord[]
): Promise<(UploadStatus | NoShardsNoIndex)[]> {
  const query: IndexerPort['query'] = (hashes, options) =>
    indexer.query(hashes, options)
  const indexes = await indexesOfRoots(
    query,
    uploads.map((u) => u.root),
    MAX_HASHES_PER_QUERY
  )
  const found = uploads.map((upload) => {
    const own = ownIndex(indexes, upload)
    const shards =
      upload.shards.length > 0 ? upload.shards : shardsFromIndex(own?.shards)
    return { upload, hasIndex: own !== undefined, shards }
  })
  const inSpace = await claimedInSpace(
    query,
    found.map(({ upload, shards }) => ({ space: upload.space, shards })),
    MAX_HASHES_PER_QUERY
  )
  return found.map(({ upload, hasIndex, shards }) =>
    shards.length === 0
      ? new NoShardsNoIndex(
          'check',
          `upload ${upload.root} has no shards in its row and no index to name them`
        )
      : {
          hasIndex,
          shards,
          shardsNeedingClaims: shards.filter(
            (shard) => !inSpace.has(spaceShardKey(upload.space, shard))
          ),
        }
  )
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
