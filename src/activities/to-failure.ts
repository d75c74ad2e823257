import { ApplicationFailure } from '@temporalio/common'
import { isPermanent, TransientError } from '../failures/index.js'

/**
 * The one place migration failures become Temporal failures: permanent ones are non-retryable,
 * transient ones retry with the activity's backoff, or after the service's Retry-After.
 */
export function toFailure(err: unknown): ApplicationFailure {
  const error = err instanceof Error ? err : new Error(String(err))
  return ApplicationFailure.create({
    message: error.message,
    type: error.name,
    cause: error,
    nonRetryable: isPermanent(error),
    nextRetryDelay:
      error instanceof TransientError ? error.retryAfterMs : undefined,
  })
}
