import type { IndexingServiceAPI } from '@storacha/upload-api'
import { Client as IndexingClient } from '@storacha/indexing-service-client'
import { connect } from '@ucanto/client'
import type { Proof, Signer } from '@ucanto/interface'
import { CAR, HTTP } from '@ucanto/transport'
import * as DID from '@ipld/dag-ucan/did'

/** An indexing service reachable over HTTP: ucanto at `POST /`, queries at `GET /claims`. */
export interface IndexerEndpoint {
  url: string
  did: string
  /** Delegations that let the upload service invoke `assert/*` on the indexer. */
  proofs?: Proof[]
}

export type IndexingService = IndexingServiceAPI.ClientConfig &
  IndexingServiceAPI.Client

/**
 * The indexing service as upload-api's context sees it, pointed at an external indexer: storage
 * nodes send `claim/cache` to it, `space/index/add` sends `assert/index`, and the blob retriever
 * reads location claims from its queries.
 */
export function externalIndexingService(
  indexer: IndexerEndpoint,
  issuer: Signer
): IndexingService {
  const audience = DID.parse(indexer.did)
  const url = new URL(indexer.url)
  const client = new IndexingClient({ serviceURL: url })
  return {
    invocationConfig: {
      issuer,
      audience,
      with: issuer.did(),
      proofs: indexer.proofs ?? [],
    },
    connection: connect({
      id: audience,
      codec: CAR.outbound,
      channel: HTTP.open({ url, method: 'POST' }),
    }),
    queryClaims: (query) => client.queryClaims(query),
  }
}
