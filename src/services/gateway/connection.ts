import type { Access } from '@storacha/capabilities'
import { connect } from '@ucanto/client'
import type {
  ConnectionView,
  DID,
  Failure,
  InferInvokedCapability,
  ServiceMethod,
  Unit,
} from '@ucanto/interface'
import * as CAR from '@ucanto/transport/car'
import * as HTTP from '@ucanto/transport/http'
import { httpStatusFailure } from '../../failures/index.js'
import { classifiedFetch } from '../http/classified-fetch.js'

/** The part of Freeway's ucanto service the migration calls. */
export interface GatewayService {
  access: {
    delegate: ServiceMethod<
      InferInvokedCapability<typeof Access.delegate>,
      Unit,
      Failure
    >
  }
}

export interface GatewayEndpoint {
  url: string
  did: string
}

/**
 * A ucanto CAR/HTTP connection to the gateway. Any non-2xx answer is thrown, classified, by the
 * fetch itself, because ucanto's own HTTPError drops the headers and with them Retry-After.
 */
export function connectGateway(
  gateway: GatewayEndpoint,
  options: { timeoutMs: number; fetch?: typeof globalThis.fetch }
): ConnectionView<GatewayService> {
  const fetch = classifiedFetch({ step: 'gateway', ...options })
  return connect<GatewayService>({
    id: { did: () => gateway.did as DID },
    codec: CAR.outbound,
    channel: HTTP.open<GatewayService>({
      url: new URL(gateway.url),
      method: 'POST',
      fetch: async (url, init) => {
        const response = await fetch(url, init)
        if (response.ok) return response
        await response.body?.cancel()
        throw httpStatusFailure('gateway', `POST ${url}`, response.status)
      },
    }),
  })
}
