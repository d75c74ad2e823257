import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import type { ShardProtocol } from '../migration/ports.js'

/** The carpark key of a store-protocol shard: `<cid>/<cid>.car`. */
export const carKey = (cid: string) => `${cid}/${cid}.car`

/** The carpark key of a blob-protocol shard: `<base58btc multihash>/<same>.blob`. */
export const blobKey = (multihash: string) => `${multihash}/${multihash}.blob`

/** The carpark key of a shard (a CAR CID) stored through `protocol`. */
export const shardKey = (cid: string, protocol: ShardProtocol) =>
  protocol === 'blob'
    ? blobKey(base58btc.encode(CID.parse(cid).multihash.bytes))
    : carKey(cid)
