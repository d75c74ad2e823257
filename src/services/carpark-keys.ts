/** The carpark key of a store-protocol shard: `<cid>/<cid>.car`. */
export const carKey = (cid: string) => `${cid}/${cid}.car`

/** The carpark key of a blob-protocol shard: `<base58btc multihash>/<same>.blob`. */
export const blobKey = (multihash: string) => `${multihash}/${multihash}.blob`
