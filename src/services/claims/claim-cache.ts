import * as ClaimCapabilities from '@storacha/capabilities/claim'
import { connect } from '@ucanto/client'
import type { Delegation, Principal, Signer } from '@ucanto/interface'
import * as CAR from '@ucanto/transport/car'
import * as HTTP from '@ucanto/transport/http'
import { MigrationError } from '../../migration/errors.js'
import type { IndexerUcanService } from '../indexer-ucan-service.js'
import { classifiedFetch } from '../http/classified-fetch.js'
import { IndexerRejected } from './errors.js'

export interface IndexerEndpoint {
  url: string
  did: string
  /** `claim/cache` delegated by the indexer to `issuer`. */
  proof: Delegation
}

export interface ClaimCacheRequest {
  /**
   * An ed25519 did:key: the indexer derives the provider's peer ID from the invocation issuer,
   * so a did:web cannot invoke `claim/cache`.
   */
  issuer: Signer
  claim: Delegation
  /** Binary multiaddrs. */
  addresses: Uint8Array[]
}

export interface ClaimCacheOptions {
  step: string
  timeoutMs: number
  fetch?: typeof globalThis.fetch
}

/** `claim/cache` on the indexer; throws TransientError or IndexerRejected unless it succeeds. */
export async function cacheClaim(
  indexer: IndexerEndpoint,
  request: ClaimCacheRequest,
  options: ClaimCacheOptions
): Promise<void> {
  const invocation = ClaimCapabilities.cache.invoke({
    issuer: request.issuer,
    audience: principal(indexer.did),
    with: indexer.did as `did:${string}:${string}`,
    nb: {
      claim: request.claim.cid,
      provider: { addresses: request.addresses },
    },
    // The claim travels as a proof so that its blocks are in the invocation's payload.
    proofs: [indexer.proof, request.claim],
  })
  const receipt = await send(
    () => invocation.execute(connection(indexer, options)),
    options.step
  )
  if (receipt.out.error)
    throw new IndexerRejected(options.step, receipt.out.error)
}

async function send<T>(
  call: () => PromiseLike<T> | T,
  step: string
): Promise<T> {
  try {
    return await call()
  } catch (err) {
    if (err instanceof MigrationError) throw err
    const error = err instanceof Error ? err : new Error(String(err))
    throw new IndexerRejected(step, error, { cause: err })
  }
}

function connection(indexer: IndexerEndpoint, options: ClaimCacheOptions) {
  return connect<IndexerUcanService>({
    id: principal(indexer.did),
    codec: CAR.outbound,
    channel: HTTP.open<IndexerUcanService>({
      url: new URL(indexer.url),
      fetch: classifiedFetch(options),
    }),
  })
}

const principal = (did: string): Principal => ({
  did: () => did as `did:${string}:${string}`,
})
