import { readFileSync } from 'node:fs'
import type { TemporalConfig } from './types.js'

/**
 * Connection options shared by the client and the worker: TLS with an API key (Temporal Cloud)
 * or with a client certificate (mTLS), or plain for a local or in-VPC server.
 */
export function temporalConnectionOptions(config: TemporalConfig) {
  const clientCertPair =
    config.clientCertPath && config.clientKeyPath
      ? {
          crt: readFileSync(config.clientCertPath),
          key: readFileSync(config.clientKeyPath),
        }
      : undefined
  return {
    address: config.address,
    tls: config.tls ? (clientCertPair ? { clientCertPair } : true) : false,
    apiKey: config.apiKey,
  } as const
}
