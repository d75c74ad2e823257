/**
 * The failure taxonomy of the migration steps. A permanent failure will not go away by retrying
 * (bad data, a missing record): it is recorded against the upload and the rest goes on. Anything
 * else is transient and retried with backoff, honouring Retry-After.
 */
export class MigrationError extends Error {
  /** The step that failed: check, index, space, claims, gateway, verify. */
  readonly step: string
  constructor(step: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.step = step
  }
}

/** A failure that retrying cannot fix. */
export class PermanentError extends MigrationError {
  override name = 'PermanentError'
}

/** A failure worth retrying; `retryAfterMs` when the service said how long to wait. */
export class TransientError extends MigrationError {
  override name = 'TransientError'
  readonly retryAfterMs?: number
  constructor(
    step: string,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number }
  ) {
    super(step, message, options)
    this.retryAfterMs = options?.retryAfterMs
  }
}

export class ShardNotFound extends PermanentError {
  override name = 'ShardNotFound'
}
export class ShardSizeUnknown extends PermanentError {
  override name = 'ShardSizeUnknown'
}
export class NoShardsNoIndex extends PermanentError {
  override name = 'NoShardsNoIndex'
}
export class SpaceHasNoOwner extends PermanentError {
  override name = 'SpaceHasNoOwner'
}
export class InvalidDelegation extends PermanentError {
  override name = 'InvalidDelegation'
}
export class ServiceRejected extends PermanentError {
  override name = 'ServiceRejected'
}

/**
 * Whether retrying cannot help. Decided by class, not by a list of names that could drift: the
 * activity layer turns a permanent failure into a non-retryable one.
 */
export const isPermanent = (err: unknown): boolean =>
  err instanceof PermanentError

/** HTTP statuses worth retrying, as Storacha's own retry policy classifies them. */
export const isRetryableStatus = (status: number) =>
  status === 408 || status === 429 || status >= 500

/** Retry-After in milliseconds (seconds or an HTTP date), when a response carries one. */
export function retryAfterMs(
  header: string | null,
  now = Date.now()
): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
