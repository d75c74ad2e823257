import type { CarparkPort, ShardProtocol } from '../migration/ports.js'
import { blobKey, carKey } from './carpark-keys.js'
import { classifiedFetch } from './http/classified-fetch.js'
import { joinUrl } from '../migration/claims/multiaddr.js'

export interface CarparkOptions {
  /** Public base URLs of blob- and store-protocol shards. */
  blobUrl: string
  storeUrl: string
  timeoutMs: number
  fetch?: typeof globalThis.fetch
}

/**
 * The carpark as the claims step sees it: where a shard's bytes would be, and whether a URL of
 * shard bytes answers. A HEAD that fails or answers 408/429/5xx is transient.
 */
export function createCarpark(options: CarparkOptions): CarparkPort {
  const fetch = classifiedFetch({
    step: 'claims',
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
  })
  const templates: Record<ShardProtocol, string> = {
    blob: joinUrl(options.blobUrl, blobKey('{blob}')),
    store: joinUrl(options.storeUrl, carKey('{blobCID}')),
  }
  return {
    templates,
    async exists(url) {
      const response = await fetch(url, { method: 'HEAD' })
      await response.body?.cancel()
      return response.ok
    },
  }
}
