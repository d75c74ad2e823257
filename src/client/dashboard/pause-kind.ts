/**
 * What paused a migration: a service refusing it (its write kill-switch answering
 * `ServiceUnavailable`, or a circuit breaker open on most calls failing), or the failure budget
 * of `--max-failure-rate`/`--max-failures`, whose reason the workflow words as
 * `failure budget: …` (src/workflows/failure-budget.ts).
 */
export type PauseKind = 'refused-writes' | 'failure-budget'

const BUDGET_PREFIX = 'failure budget:'

export const pauseKind = (reason: string): PauseKind =>
  reason.startsWith(BUDGET_PREFIX) ? 'failure-budget' : 'refused-writes'
