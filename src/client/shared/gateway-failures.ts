import type { SpaceProgress } from '../../services/dynamo/migration-progress-table.js'
import { ReasonCounter, type ReasonCounts } from './reason-counts.js'

/**
 * Spaces that failed at the gateway (no owner delegation, or the gateway refusing them), by the
 * reason code on their progress row. A space, not an upload: its uploads still migrate.
 */
export type GatewayFailedSpaces = ReasonCounts

export type GatewayRow = Pick<SpaceProgress, 'status' | 'gatewayReason'>

/** Counts the failed spaces whose row names a gateway reason; rows from before it count as before. */
export class GatewayFailureCounter {
  readonly #counter = new ReasonCounter()

  add(row: GatewayRow): void {
    if (row.status === 'failed' && row.gatewayReason)
      this.#counter.add(row.gatewayReason)
  }

  counts(): GatewayFailedSpaces {
    return this.#counter.counts()
  }
}

export const gatewayFailuresOf = (
  rows: Iterable<GatewayRow>
): GatewayFailedSpaces => {
  const counter = new GatewayFailureCounter()
  for (const row of rows) counter.add(row)
  return counter.counts()
}
