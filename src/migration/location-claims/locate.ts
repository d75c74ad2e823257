import type { MultihashDigest } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { blobKey, carKey } from '../../services/carpark-keys.js'
import { classifiedFetch } from '../../services/http/classified-fetch.js'
import { findLocations } from '../../services/claims/location-query.js'
import { joinUrl } from '../../services/multiaddr.js'
import type { LocationClaimsDeps, ShardInput } from './api.js'
import { ShardNotInCarpark, STEP } from './errors.js'

export interface ShardLocation {
  /** Where the shard's bytes are: the claim's `location`. */
  url: string
  /** The provider's blob address: a URL template with `{blob}`/`{blobCID}` when one fits. */
  blobTemplate: string
}

type Http = Pick<LocationClaimsDeps, 'fetch' | 'timeoutMs'>
const DEFAULT_TIMEOUT_MS = 30_000

/**
 * The shard's URL: the given location or the carpark's, checked with HEAD; failing that, the
 * URL of an existing location claim at the indexer that still answers (bytes moved buckets).
 */
export async function locateShard(
  deps: Pick<LocationClaimsDeps, 'carpark' | 'indexer'> & Http,
  shard: ShardInput,
  digest: MultihashDigest
): Promise<ShardLocation> {
  const z = base58btc.encode(digest.bytes)
  const template = carparkTemplate(deps.carpark, shard.protocol)
  const primary = shard.location ?? fill(template, z, shard.cid)
  if (await exists(deps, primary))
    return {
      url: primary,
      blobTemplate: shard.location
        ? templateOf(primary, z, shard.cid)
        : template,
    }
  const options = { step: STEP, timeoutMs: timeout(deps), fetch: deps.fetch }
  for (const url of await findLocations(deps.indexer.url, digest, options))
    if (await exists(deps, url))
      return { url, blobTemplate: templateOf(url, z, shard.cid) }
  throw new ShardNotInCarpark(
    STEP,
    `shard ${shard.cid} (${shard.protocol}) not found at ${primary} and no existing location claim answers`
  )
}

/** The carpark URL template for a protocol, with the placeholders the indexer fills in. */
export function carparkTemplate(
  carpark: LocationClaimsDeps['carpark'],
  protocol: ShardInput['protocol']
): string {
  return protocol === 'blob'
    ? joinUrl(carpark.blobUrl, blobKey('{blob}'))
    : joinUrl(carpark.storeUrl, carKey('{blobCID}'))
}

const fill = (template: string, z: string, cid: string) =>
  template.replaceAll('{blob}', z).replaceAll('{blobCID}', cid)

/** A found URL turned back into a template, so IPNI points where the bytes really are. */
const templateOf = (url: string, z: string, cid: string) =>
  url.replaceAll(z, '{blob}').replaceAll(cid, '{blobCID}')

async function exists(deps: Http, url: string): Promise<boolean> {
  const fetch = classifiedFetch({
    step: STEP,
    timeoutMs: timeout(deps),
    fetch: deps.fetch,
  })
  const response = await fetch(url, { method: 'HEAD' })
  return response.ok
}

const timeout = (deps: Http) => deps.timeoutMs ?? DEFAULT_TIMEOUT_MS
