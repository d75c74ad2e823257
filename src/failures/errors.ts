import type { FailureReason } from './reasons.js'

/** The steps of one upload's migration, as failure rows and logs name them. */
export type Step =
  'check' | 'index' | 'space' | 'claims' | 'gateway' | 'verify' | 'unknown'

/**
 * The failure taxonomy, below every layer. A permanent failure will not go away by retrying (bad
 * data, a missing record, a refusal): it is recorded against the upload and the rest goes on. A
 * transient one is retried with backoff, honouring Retry-After. Bad input is the operator's: the
 * command says what is wrong, exits 2 and writes nothing.
 */
export class MigrationError extends Error {
  /** The step that failed. */
  readonly step: Step
  constructor(step: Step, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.step = step
  }
}

/** A failure that retrying cannot fix; `reason` when the failure itself says which code it is. */
export class PermanentError extends MigrationError {
  override name = 'PermanentError'
  readonly reason?: FailureReason
}

/**
 * A failure worth retrying; `retryAfterMs` when the service said how long to wait, `reason` when
 * the failure says which code its upload is recorded with once its attempt budget is spent.
 */
export class TransientError extends MigrationError {
  override name = 'TransientError'
  readonly retryAfterMs?: number
  readonly reason?: FailureReason
  constructor(
    step: Step,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number; reason?: FailureReason }
  ) {
    super(step, message, options)
    this.retryAfterMs = options?.retryAfterMs
    this.reason = options?.reason
  }
}

/**
 * A service said it refuses the call for now (a `ServiceUnavailable` receipt: a write
 * kill-switch, maintenance). Transient, never the upload's fault; a circuit breaker counts these.
 */
export class ServiceUnavailable extends TransientError {
  override name = 'ServiceUnavailable'
}

/** A shard's bytes are in no carpark key and no existing location claim that still answers. */
export class ShardNotFound extends PermanentError {
  override name = 'ShardNotFound'
  override readonly reason = 'SHARD_NOT_FOUND'
}
export class ShardSizeUnknown extends PermanentError {
  override name = 'ShardSizeUnknown'
  override readonly reason = 'SHARD_SIZE_UNKNOWN'
}
export class NoShardsNoIndex extends PermanentError {
  override name = 'NoShardsNoIndex'
  override readonly reason = 'NO_SHARDS_NO_INDEX'
}
export class SpaceHasNoOwner extends PermanentError {
  override name = 'SpaceHasNoOwner'
  override readonly reason = 'MISSING_DELEGATION'
}
export class InvalidDelegation extends PermanentError {
  override name = 'InvalidDelegation'
}
/**
 * A service refused a request for a reason retrying cannot change; `serviceError` is the
 * service's own name for it (a receipt's error name, or `HTTP 403`).
 */
export class ServiceRejected extends PermanentError {
  override name = 'ServiceRejected'
  readonly serviceError?: string
  constructor(
    step: Step,
    message: string,
    options?: { cause?: unknown; serviceError?: string }
  ) {
    super(step, message, options)
    this.serviceError = options?.serviceError
  }
}

/**
 * Whether retrying cannot help. Decided by class, not by a list of names that could drift: the
 * activity layer turns a permanent failure into a non-retryable one.
 */
export const isPermanent = (err: unknown): err is PermanentError =>
  err instanceof PermanentError

/**
 * The operator's input is wrong (a flag, a file, the configuration). Every command prints its
 * message as one `error:` line and exits 2 before it writes anything.
 */
export class BadInput extends Error {
  override name = 'BadInput'
}

export const isBadInput = (err: unknown): err is BadInput =>
  err instanceof BadInput
