import type { UCAN } from '@storacha/capabilities'
import { connect } from '@ucanto/client'
import type {
  DID,
  Failure,
  InferInvokedCapability,
  ServiceMethod,
} from '@ucanto/interface'
import * as CAR from '@ucanto/transport/car'
import * as HTTP from '@ucanto/transport/http'
import {
  httpStatusFailure,
  MigrationError,
  networkFailure,
  receiptFailure,
} from '../failures/index.js'
import type { RevocationPort } from '../migration/ports.js'
import { classifiedFetch } from './http/classified-fetch.js'

/** The part of the upload service's ucanto service a rollback calls. */
export interface RevocationService {
  ucan: {
    revoke: ServiceMethod<
      InferInvokedCapability<typeof UCAN.revoke>,
      { time: number },
      Failure
    >
  }
}

export interface RevocationServiceOptions {
  /** The upload service's ucanto endpoint. */
  url: string
  did: string
  /** Per request. */
  timeoutMs: number
  fetch?: typeof globalThis.fetch
}

/**
 * The upload service's `ucan/revoke` (upload-api `ucan/revoke.js`, stored in w3infra's revocation
 * table), over one CAR/HTTP connection; the only place that classifies its failures.
 */
export function createRevocations(
  options: RevocationServiceOptions
): RevocationPort {
  const fetch = classifiedFetch({
    step: 'gateway',
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
  })
  const connection = connect<RevocationService>({
    id: { did: () => options.did as DID },
    codec: CAR.outbound,
    channel: HTTP.open<RevocationService>({
      url: new URL(options.url),
      method: 'POST',
      fetch: async (url, init) => {
        const response = await fetch(url, init)
        if (response.ok) return response
        await response.body?.cancel()
        throw httpStatusFailure('gateway', `POST ${url}`, response.status)
      },
    }),
  })
  return {
    did: options.did,
    async revoke(invocation) {
      const what = `ucan/revoke of ${invocation.capabilities[0]?.nb.ucan}`
      let receipt
      try {
        receipt = await invocation.execute(connection)
      } catch (err) {
        if (err instanceof MigrationError) throw err
        throw networkFailure('gateway', `upload service ${options.url}`, err)
      }
      if (receipt.out.error)
        throw receiptFailure('gateway', what, receipt.out.error)
    },
  }
}
