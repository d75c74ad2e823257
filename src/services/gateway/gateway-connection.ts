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
import { GatewayHttpError, GatewayTimeout } from './gateway-http-error.js'

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

export const DEFAULT_GATEWAY_TIMEOUT_MS = 30_000

/** A ucanto CAR/HTTP connection to the gateway; every request gives up after `timeoutMs`. */
export function connectGateway(
  gateway: GatewayEndpoint,
  timeoutMs = DEFAULT_GATEWAY_TIMEOUT_MS
): ConnectionView<GatewayService> {
  return connect<GatewayService>({
    id: { did: () => gateway.did as DID },
    codec: CAR.outbound,
    channel: HTTP.open<GatewayService>({
      url: new URL(gateway.url),
      method: 'POST',
      fetch: timedFetch(timeoutMs),
    }),
  })
}

/**
 * Throws {@link GatewayHttpError} itself on a non-2xx answer, because ucanto's own HTTPError drops
 * the headers and with them Retry-After.
 */
function timedFetch(timeoutMs: number) {
  return async (url: string, init: RequestInit) => {
    const signal = AbortSignal.timeout(timeoutMs)
    let response: Response
    try {
      response = await fetch(url, { ...init, signal })
    } catch (err) {
      if (signal.aborted)
        throw new GatewayTimeout(`POST ${url} timed out after ${timeoutMs} ms`)
      throw err
    }
    if (!response.ok)
      throw new GatewayHttpError(
        response.status,
        response.headers.get('retry-after'),
        url
      )
    return response
  }
}
