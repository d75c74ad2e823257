import type {
  SpaceProgress,
  SpaceProgressUpdate,
} from '../../services/dynamo/migration-progress-table.js'
import {
  LIST_LIMIT,
  progressNeedsReset,
  RESET_PROGRESS,
} from '../reset/index.js'
import type { Scope } from '../shared/scope.js'

/** One space of a rollback: what it revokes and what its row becomes. */
export interface SpaceRollback {
  customer: string
  space: string
  status: SpaceProgress['status']
  completedUploads: number
  totalUploads: number
  /** The serve delegation to revoke; absent when the migration never authorized the gateway. */
  delegation?: string
  /** Revocations before this one (the row's `gatewayRevocations`). */
  revocations: number
  /** Forced renewals of the delegation (the row's `gatewayReauthorizations`). */
  reauthorizations: number
  /** Why the gateway step failed, when it did (`MISSING_DELEGATION`, …). */
  gatewayReason?: string
}

/** What a rollback of a scope would do, counted page by page; only the first spaces are kept. */
export interface RollbackPlan {
  scope: Scope
  spaces: {
    /** Progress rows in the scope. */
    total: number
    /** Rows a rollback writes. */
    toRollBack: number
    /** Of those, the ones whose serve delegation it revokes. */
    toRevoke: number
    /** Processed uploads those rows count, which go back to 0. */
    processedUploads: number
    /** Of those, rows in progress: a running workflow would write over the rollback. */
    inProgress: number
    listed: SpaceRollback[]
  }
  customers: { total: number; toReset: number }
  /** Rows of migration-failures in the scope, all deleted. */
  failures: number
}

export const emptyRollbackPlan = (scope: Scope): RollbackPlan => ({
  scope,
  spaces: {
    total: 0,
    toRollBack: 0,
    toRevoke: 0,
    processedUploads: 0,
    inProgress: 0,
    listed: [],
  },
  customers: { total: 0, toReset: 0 },
  failures: 0,
})

/**
 * A row needs a rollback when a reset would change it or the migration left a gateway outcome on
 * it: a row already pending with neither is what a rollback makes, and is not written again.
 */
export const needsRollback = (row: SpaceProgress): boolean =>
  progressNeedsReset(row) ||
  Boolean(row.gatewayDelegation) ||
  Boolean(row.gatewayReason)

export const spaceRollback = (row: SpaceProgress): SpaceRollback => ({
  customer: row.customer,
  space: row.space,
  status: row.status,
  completedUploads: row.completedUploads,
  totalUploads: row.totalUploads,
  delegation: row.gatewayDelegation || undefined,
  revocations: row.gatewayRevocations ?? 0,
  reauthorizations: row.gatewayReauthorizations ?? 0,
  gatewayReason: row.gatewayReason,
})

/**
 * What the row becomes: reset's pending row, with the gateway outcome emptied so that the next
 * `migrate` authorizes the gateway again; a revoked delegation is counted, so that the new serve
 * delegation gets a nonce and a CID of its own (a revoked CID never authorizes again).
 */
export function rolledBackRow(space: SpaceRollback): SpaceProgressUpdate {
  return {
    ...RESET_PROGRESS,
    gatewayDelegation: '',
    gatewayReason: '',
    ...(space.delegation ? { gatewayRevocations: space.revocations + 1 } : {}),
  }
}

/** Adds a progress row into the plan and returns it. */
export function addSpaceToPlan(
  plan: RollbackPlan,
  row: SpaceProgress
): RollbackPlan {
  const spaces = plan.spaces
  spaces.total++
  if (!needsRollback(row)) return plan
  spaces.toRollBack++
  if (row.gatewayDelegation) spaces.toRevoke++
  spaces.processedUploads += row.completedUploads
  if (row.status === 'in-progress') spaces.inProgress++
  if (spaces.listed.length < LIST_LIMIT) spaces.listed.push(spaceRollback(row))
  return plan
}
