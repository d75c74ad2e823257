import type { MultihashDigest } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { ShardNotFound } from '../../failures/index.js'
import type { CarparkPort, IndexerPort, ShardProtocol } from '../ports.js'
import type { ShardInput } from './types.js'

export interface ShardLocation {
  /** Where the shard's bytes are: the claim's `location`. */
  url: string
  /** The provider's blob address: a URL template with `{blob}`/`{blobCID}` when one fits. */
  blobTemplate: string
}

/**
 * The shard's URL: the given location or the carpark's, checked with HEAD (unless its bytes
 * were just read from the carpark); failing that, the URL of an existing location claim at the
 * indexer that still answers (bytes moved buckets).
 */
export async function locateShard(
  ports: { carpark: CarparkPort; indexer: Pick<IndexerPort, 'query'> },
  shard: ShardInput,
  digest: MultihashDigest
): Promise<ShardLocation> {
  const z = base58btc.encode(digest.bytes)
  const template = ports.carpark.templates[shard.protocol]
  const primary = shard.location ?? fillTemplate(template, z, shard.cid)
  if (!shard.location && shard.inCarpark)
    return { url: primary, blobTemplate: template }
  if (await ports.carpark.exists(primary))
    return {
      url: primary,
      blobTemplate: shard.location
        ? templateOf(primary, z, shard.cid)
        : template,
    }
  const answer = await ports.indexer.query([digest], { kind: 'location' })
  const known = answer.locations
    .filter((claim) => claim.content === z)
    .flatMap((claim) => claim.location)
  for (const url of known)
    if (await ports.carpark.exists(url))
      return { url, blobTemplate: templateOf(url, z, shard.cid) }
  throw new ShardNotFound(
    'claims',
    `shard ${shard.cid} (${shard.protocol}) not found at ${primary} and no existing location claim answers`
  )
}

/** The carpark URL of a shard: its protocol's template filled with its multihash or CID. */
export function carparkUrl(
  carpark: Pick<CarparkPort, 'templates'>,
  shard: { cid: string; protocol: ShardProtocol },
  z: string
): string {
  return fillTemplate(carpark.templates[shard.protocol], z, shard.cid)
}

const fillTemplate = (template: string, z: string, cid: string) =>
  template.replaceAll('{blob}', z).replaceAll('{blobCID}', cid)

/** A found URL turned back into a template, so IPNI points where the bytes really are. */
const templateOf = (url: string, z: string, cid: string) =>
  url.replaceAll(z, '{blob}').replaceAll(cid, '{blobCID}')
