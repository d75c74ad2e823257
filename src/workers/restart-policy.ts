/** When the parent of `worker --processes N` restarts a child that died, and when it gives up. */
export interface RestartPolicy {
  /** The wait before the first restart; it doubles with each death in a row. */
  baseDelayMs: number
  maxDelayMs: number
  /** A child that ran this long was healthy: its death starts the count afresh. */
  healthyAfterMs: number
  /** Deaths in a row of one child, each soon after its start, that the host survives. */
  maxRestarts: number
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  healthyAfterMs: 60_000,
  maxRestarts: 5,
}

/** The deaths in a row of a child that just died after running `ranMs`. */
export const deathsInRow = (
  policy: RestartPolicy,
  before: number,
  ranMs: number
) => (ranMs >= policy.healthyAfterMs ? 1 : before + 1)

/** The wait before restarting a child after its `inRow`-th death in a row (from 1). */
export const restartDelayMs = (policy: RestartPolicy, inRow: number) =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (inRow - 1))
