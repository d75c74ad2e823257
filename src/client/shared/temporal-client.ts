import { Client, Connection } from '@temporalio/client'
import { temporalConnectionOptions } from '../../config/temporal-connection.js'
import type { TemporalConfig } from '../../config/types.js'

/** A client of the configured namespace; close its connection when done. */
export async function connectClient(config: TemporalConfig) {
  const connection = await Connection.connect({
    ...temporalConnectionOptions(config),
    connectTimeout: 10_000,
  })
  return {
    client: new Client({ connection, namespace: config.namespace }),
    close: () => connection.close(),
  }
}

/** The Web UI page of a workflow, when the UI's address is configured. */
export function workflowLink(
  config: Pick<TemporalConfig, 'uiUrl' | 'namespace'>,
  workflowId: string
): string | undefined {
  if (!config.uiUrl) return undefined
  return `${config.uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(config.namespace)}/workflows/${encodeURIComponent(workflowId)}`
}
