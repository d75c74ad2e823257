import * as Blob from '@storacha/upload-client/blob'
import type { Service as UploadServiceMethods } from '@storacha/upload-client/types'
import { connect } from '@ucanto/client'
import type { Principal } from '@ucanto/interface'
import * as CAR from '@ucanto/transport/car'
import * as HTTP from '@ucanto/transport/http'
import {
  MigrationError,
  networkFailure,
  receiptFailure,
  ServiceRejected,
} from '../failures/index.js'
import type { UploadServicePort } from '../migration/ports.js'
import { classifiedFetch } from './http/classified-fetch.js'

export interface UploadServiceOptions {
  url: string
  did: string
  /** Per request. */
  timeoutMs: number
  fetch?: typeof globalThis.fetch
}

/**
 * Storacha's upload service, driven by `@storacha/upload-client` over one connection: the only
 * place that classifies its failures. A refused invocation carries the receipt's error as its
 * cause and goes through the receipt classifier (`ServiceUnavailable`, the write kill-switch, is
 * transient); anything without a receipt is the network's trouble.
 */
export function createUploadService(
  options: UploadServiceOptions
): UploadServicePort {
  const audience: Principal = {
    did: () => options.did as `did:${string}:${string}`,
  }
  const fetch = classifiedFetch({
    step: 'index',
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
  })
  const connection = connect<UploadServiceMethods>({
    id: audience,
    codec: CAR.outbound,
    channel: HTTP.open<UploadServiceMethods>({
      url: new URL(options.url),
      method: 'POST',
      fetch,
    }),
  })
  return {
    did: options.did,
    async addBlob({ space, digest, bytes }) {
      const what = `space/blob/add of ${Buffer.from(digest.bytes).toString('hex').slice(0, 16)}…`
      let site
      try {
        ;({ site } = await Blob.add(
          { issuer: space, with: space.did(), proofs: [], audience },
          digest,
          bytes,
          { connection, fetch, retries: 2 }
        ))
      } catch (err) {
        throw classify(what, err)
      }
      const location = site.capabilities[0]?.nb.location[0]
      if (!location)
        throw new ServiceRejected('index', `${what}: no location in the answer`)
      return { location }
    },
  }
}

function classify(what: string, err: unknown): Error {
  if (err instanceof MigrationError) return err
  const refusal = receiptErrorOf(err)
  return refusal
    ? receiptFailure('index', what, refusal)
    : networkFailure('index', what, err)
}

/**
 * The upload client reports a refused invocation as an Error whose cause is the receipt's
 * failure (a ucanto Failure named InsufficientStorage, Unauthorized, ServiceUnavailable…);
 * network and HTTP failures have no such cause.
 */
function receiptErrorOf(
  err: unknown
): { name: string; message: string } | undefined {
  const cause = (
    err as { cause?: { name?: unknown; message?: unknown } } | undefined
  )?.cause
  if (!cause || typeof cause.name !== 'string' || cause.name === 'Error')
    return undefined
  if (cause.name.endsWith('Error') && cause.name !== 'HandlerExecutionError')
    return undefined
  return { name: cause.name, message: String(cause.message) }
}
