import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { ShardSizeUnknown } from '../../failures/index.js'
import type { ShardInfo, ShardSizeTables } from '../ports.js'

/**
 * The sizes of many shards of one space: the allocation table (blob protocol, by base58btc
 * multihash) for all of them in one batch, then the store table (store protocol, by CAR CID) for
 * the rest. A shard in neither is a permanent failure of the upload.
 */
export async function shardInfos(
  tables: ShardSizeTables,
  space: string,
  shards: readonly string[]
): Promise<ShardInfo[]> {
  if (shards.length === 0) return []
  const multihashOf = (shard: string) =>
    base58btc.encode(CID.parse(shard).multihash.bytes)
  const blob = await tables.allocation.getSizes(space, shards.map(multihashOf))
  const rest = shards.filter((shard) => !blob.has(multihashOf(shard)))
  const store =
    rest.length > 0
      ? await tables.store.getSizes(space, rest)
      : new Map<string, number>()
  return shards.map((cid) => {
    const blobSize = blob.get(multihashOf(cid))
    if (blobSize !== undefined) return { cid, size: blobSize, protocol: 'blob' }
    const storeSize = store.get(cid)
    if (storeSize !== undefined)
      return { cid, size: storeSize, protocol: 'store' }
    throw new ShardSizeUnknown(
      'index',
      `shard ${cid} has no size in the allocation or store table of ${space}`
    )
  })
}

/** One shard's size and protocol; see {@link shardInfos}. */
export async function shardInfo(
  tables: ShardSizeTables,
  space: string,
  shard: string
): Promise<ShardInfo> {
  const [info] = await shardInfos(tables, space, [shard])
  return info!
}
