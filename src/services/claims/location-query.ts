import { Client } from '@storacha/indexing-service-client'
import type { MultihashDigest } from 'multiformats'
import { equals } from 'multiformats/bytes'
import { TransientError } from '../../migration/errors.js'
import { classifiedFetch } from '../http/classified-fetch.js'
import { IndexerRejected } from './errors.js'

export interface LocationQueryOptions {
  step: string
  timeoutMs: number
  fetch?: typeof globalThis.fetch
}

/** The location URLs of every `assert/location` claim the indexer holds for a multihash. */
export async function findLocations(
  indexerUrl: string,
  digest: MultihashDigest,
  options: LocationQueryOptions
): Promise<string[]> {
  let failure: TransientError | undefined
  const fetch = classifiedFetch(options)
  const client = new Client({
    serviceURL: new URL(indexerUrl),
    // The client turns thrown errors into a NetworkError result; keep the classified one.
    fetch: async (input, init) => {
      try {
        return await fetch(input, init)
      } catch (err) {
        if (err instanceof TransientError) failure = err
        throw err
      }
    },
  })
  const result = await client.queryClaims({
    hashes: [digest],
    kind: 'location',
  })
  if (result.error)
    throw failure ?? new IndexerRejected(options.step, result.error)
  const urls: string[] = []
  for (const claim of result.ok.claims.values()) {
    if (claim.type !== 'assert/location') continue
    if (!equals(contentBytes(claim.content), digest.bytes)) continue
    urls.push(...claim.location.map(String))
  }
  return urls
}

const contentBytes = (
  content: { multihash: MultihashDigest } | { digest: Uint8Array }
): Uint8Array =>
  'digest' in content ? content.digest : content.multihash.bytes
