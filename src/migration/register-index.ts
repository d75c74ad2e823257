import * as Assert from '@storacha/capabilities/assert'
import * as Blob from '@storacha/upload-client/blob'
import type { Service as UploadService } from '@storacha/upload-client/types'
import { connect } from '@ucanto/client'
import type { Signer } from '@ucanto/interface'
import * as CAR from '@ucanto/transport/car'
import * as HTTP from '@ucanto/transport/http'
import { CID } from 'multiformats/cid'
import type { IndexerUcanService } from '../services/indexer-ucan-service.js'
import { classifiedFetch } from '../services/http/classified-fetch.js'
import type { IndexerQuery } from '../services/indexer-query.js'
import type { BuiltIndex } from './build-index.js'
import { MigrationError, ServiceRejected, TransientError } from './errors.js'

const STEP = 'index'

export interface RegisterIndexDeps {
  uploadService: { url: string; did: string }
  indexer: { url: string; did: string }
  queryClaims: IndexerQuery
  timeoutMs?: number
  fetch?: typeof globalThis.fetch
}

/**
 * Stores an upload's index in the customer's migration space (`space/blob/add`, so a storage node
 * holds it and caches its location claim on the indexer) and registers it with `assert/index`,
 * invoked by the migration space itself. The indexer accepts an index only once it knows a
 * location claim for it from the storage node; until then the step fails as transient.
 */
export async function storeAndRegisterIndex(
  deps: RegisterIndexDeps,
  input: { migrationSpace: Signer; root: string; index: BuiltIndex }
): Promise<{ location: string }> {
  const { migrationSpace, root, index } = input
  const cid = CID.parse(index.cid)
  const fetch = classifiedFetch({
    step: STEP,
    timeoutMs: deps.timeoutMs ?? 30_000,
    fetch: deps.fetch,
  })
  const location = await addBlob(deps, migrationSpace, cid, index.bytes, fetch)
  const known = await deps.queryClaims([cid.multihash], {
    kind: 'location',
    spaces: [migrationSpace.did()],
  })
  if (known.locations.length === 0) {
    throw new TransientError(
      STEP,
      `the indexer does not know the location of index ${index.cid} yet`
    )
  }
  const receipt = await Assert.index
    .invoke({
      issuer: migrationSpace,
      audience: { did: () => deps.indexer.did as `did:${string}:${string}` },
      with: migrationSpace.did(),
      nb: { content: CID.parse(root), index: cid.toV1() },
      // No expiry and no nonce: a retried or concurrent registration is the same claim.
      expiration: Infinity,
    })
    .execute(
      connect<IndexerUcanService>({
        id: { did: () => deps.indexer.did as `did:${string}:${string}` },
        codec: CAR.outbound,
        channel: HTTP.open<IndexerUcanService>({
          url: new URL(deps.indexer.url),
          method: 'POST',
          fetch,
        }),
      })
    )
  const refusal = receipt.out.error
  if (refusal) {
    const message = `assert/index failed: ${refusal.name}: ${refusal.message}`
    // The indexer could not fetch or store the index: its trouble, worth a retry.
    if (indexerTrouble(refusal)) throw new TransientError(STEP, message)
    throw new ServiceRejected(STEP, message)
  }
  return { location }
}

/** A handler that failed while running (a fetch, a store), not a claim it refused. */
const indexerTrouble = (error: { name: string; message: string }) =>
  error.name === 'HandlerExecutionError' ||
  /unavailable|fetch failed|timed? ?out|ECONNRESET|socket/i.test(error.message)

async function addBlob(
  deps: RegisterIndexDeps,
  space: Signer,
  cid: CID,
  bytes: Uint8Array,
  fetch: typeof globalThis.fetch
): Promise<string> {
  const audience = {
    did: () => deps.uploadService.did as `did:${string}:${string}`,
  }
  const connection = connect<UploadService>({
    id: audience,
    codec: CAR.outbound,
    channel: HTTP.open<UploadService>({
      url: new URL(deps.uploadService.url),
      method: 'POST',
      fetch,
    }),
  })
  try {
    const { site } = await Blob.add(
      { issuer: space, with: space.did(), proofs: [], audience },
      cid.multihash,
      bytes,
      {
        connection,
        fetch,
        retries: 2,
      }
    )
    const location = site.capabilities[0]?.nb.location[0]
    if (!location)
      throw new ServiceRejected(
        STEP,
        `the upload service returned no location for index ${cid}`
      )
    return location
  } catch (err) {
    if (err instanceof MigrationError) throw err
    const refusal = serviceRefusal(err)
    if (refusal)
      throw new ServiceRejected(
        STEP,
        `space/blob/add of index ${cid} refused: ${refusal}`,
        { cause: err }
      )
    throw new TransientError(
      STEP,
      `space/blob/add of index ${cid} failed: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      }
    )
  }
}

/**
 * The upload client reports a refused invocation as an Error whose cause is the receipt's
 * failure (a ucanto Failure with a name such as InsufficientStorage or Unauthorized); network
 * and HTTP failures have no such cause.
 */
function serviceRefusal(err: unknown): string | undefined {
  const cause = (
    err as { cause?: { name?: unknown; message?: unknown } } | undefined
  )?.cause
  if (
    !cause ||
    typeof cause.name !== 'string' ||
    cause.name === 'Error' ||
    cause.name.endsWith('Error')
  )
    return undefined
  return `${cause.name}: ${String(cause.message)}`
}
