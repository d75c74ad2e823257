import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import type { ShardSizeTable } from '../services/dynamo/shard-size-tables.js'
import { ShardSizeUnknown } from './errors.js'

/** A shard's size and the protocol it was stored with, which decides its carpark key. */
export interface ShardInfo {
  cid: string
  size: number
  protocol: 'blob' | 'store'
}

/**
 * The allocation table (blob protocol, keyed by the base58btc multihash) first, then the store
 * table (store protocol, keyed by the CAR CID string). Neither → a permanent failure.
 */
export async function shardInfo(
  tables: { allocation: ShardSizeTable; store: ShardSizeTable },
  space: string,
  shard: string
): Promise<ShardInfo> {
  const multihash = base58btc.encode(CID.parse(shard).multihash.bytes)
  const blobSize = await tables.allocation.getSize(space, multihash)
  if (blobSize !== undefined)
    return { cid: shard, size: blobSize, protocol: 'blob' }
  const storeSize = await tables.store.getSize(space, shard)
  if (storeSize !== undefined)
    return { cid: shard, size: storeSize, protocol: 'store' }
  throw new ShardSizeUnknown(
    'index',
    `shard ${shard} has no size in the allocation or store table of ${space}`
  )
}
