import type {
  CustomerSource,
  FailureBudget,
  MigrationMode,
  Tuning,
} from '../../workflows/types.js'

/** What `migrate` will start, decided from the flags alone (no I/O). */
export interface MigrationPlan {
  mode: MigrationMode
  scope: MigrationScope
  limit?: number
  onlyFailed: boolean
  /** Visit completed spaces too (`--recheck`). */
  recheck?: boolean
  failureBudget?: FailureBudget
  tuning: Tuning
}

export type MigrationScope =
  | { kind: 'space'; space: string; customer?: string; root?: string }
  | { kind: 'customer'; customer: string }
  | {
      kind: 'instance'
      instanceId: string
      source: CustomerSource
    }

/** The largest customer list a workflow input carries; larger ones go through the table. */
export const MAX_LISTED_CUSTOMERS = 5_000
