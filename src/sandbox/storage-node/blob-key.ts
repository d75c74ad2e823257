import type { MultihashDigest } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import * as Digest from 'multiformats/hashes/digest'

const BLOB_PATH = /^\/(z[1-9A-HJ-NP-Za-km-z]+)\/\1\.blob$/

/** Where a blob lives on the node: `<multihash>/<multihash>.blob`, base58btc, as piri's. */
export function blobKey(digest: MultihashDigest): string {
  const multihash = base58btc.encode(digest.bytes)
  return `${multihash}/${multihash}.blob`
}

/** The digest a request path names, or undefined when it names no blob. */
export function digestOfPath(pathname: string): MultihashDigest | undefined {
  const multihash = BLOB_PATH.exec(pathname)?.[1]
  if (!multihash) return undefined
  try {
    return Digest.decode(base58btc.decode(multihash))
  } catch {
    return undefined
  }
}
