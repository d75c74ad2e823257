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
  const known = await knownShardInfos(tables, space, shards)
  return shards.map((cid) => {
    const info = known.get(cid)
    if (info) return info
    throw new ShardSizeUnknown(
      'index',
      `shard ${cid} has no size in the allocation or store table of ${space}`
    )
  })
}

/** The shards of {@link shardInfos} that have a size, by CID; the others are absent. */
export async function knownShardInfos(
  tables: ShardSizeTables,
  space: string,
  shards: readonly string[]
): Promise<Map<string, ShardInfo>> {
  const known = new Map<string, ShardInfo>()
  if (shards.length === 0) return known
  const multihashOf = (shard: string) =>
    base58btc.encode(CID.parse(shard).multihash.bytes)
  const blob = await tables.allocation.getSizes(space, shards.map(multihashOf))
  for (const cid of shards) {
    const size = blob.get(multihashOf(cid))
    if (size !== undefined) known.set(cid, { cid, size, protocol: 'blob' })
  }
  const rest = shards.filter((shard) => !known.has(shard))
  if (rest.length === 0) return known
  const store = await tables.store.getSizes(space, rest)
  for (const cid of rest) {
    const size = store.get(cid)
    if (size !== undefined) known.set(cid, { cid, size, protocol: 'store' })
  }
  return known
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
