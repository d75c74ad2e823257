import {
  MigrationError,
  networkFailure,
  receiptFailure,
} from '../../failures/index.js'
import type { GatewayPort } from '../../migration/ports.js'
import { connectGateway, type GatewayEndpoint } from './connection.js'

/**
 * Freeway's `access/delegate` over one connection: the only place that classifies the gateway's
 * failures (HTTP statuses by the HTTP classifier, receipts by the receipt classifier).
 */
export function createGateway(
  endpoint: GatewayEndpoint,
  options: { timeoutMs: number; fetch?: typeof globalThis.fetch }
): GatewayPort {
  const connection = connectGateway(endpoint, options)
  return {
    did: endpoint.did,
    async accessDelegate(invocation) {
      const what = `access/delegate for ${invocation.capabilities[0]?.with}`
      let receipt
      try {
        receipt = await invocation.execute(connection)
      } catch (err) {
        if (err instanceof MigrationError) throw err
        throw networkFailure('gateway', `gateway ${endpoint.url}`, err)
      }
      if (receipt.out.error)
        throw receiptFailure('gateway', what, receipt.out.error)
    },
  }
}
