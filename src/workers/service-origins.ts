import type { ServicesConfig } from '../config/types.js'

/**
 * The URLs of each outside HTTP service, by the names operators use (`--rate-limit`, the circuit
 * breakers, the `service` label of the metrics).
 */
const SERVICE_URLS = {
  indexer: (s: ServicesConfig) => [s.indexer.url],
  'index-worker': (s: ServicesConfig) => [s.indexWorkerUrl],
  'upload-service': (s: ServicesConfig) => [s.upload.url],
  gateway: (s: ServicesConfig) => [s.gateway.url],
  carpark: (s: ServicesConfig) => [s.carpark.blobUrl, s.carpark.storeUrl],
  'content-claims': (s: ServicesConfig) => [s.contentClaims.url],
  piri: (s: ServicesConfig) => [s.piri.url],
}

export type HttpService = keyof typeof SERVICE_URLS

export const originsOf = (service: HttpService, services: ServicesConfig) =>
  SERVICE_URLS[service](services).map((url) => new URL(url).origin)

/**
 * The service of each origin. An origin two services share (one host serving both) goes to the
 * first of them in `SERVICE_URLS`' order.
 */
export function serviceOfOrigin(services: ServicesConfig): Map<string, string> {
  const byOrigin = new Map<string, string>()
  for (const service of Object.keys(SERVICE_URLS) as HttpService[])
    for (const origin of originsOf(service, services))
      if (!byOrigin.has(origin)) byOrigin.set(origin, service)
  return byOrigin
}
