import { ApplicationFailure } from '@temporalio/common'
import {
  isPermanent,
  ServiceUnavailable,
  TransientError,
} from '../failures/index.js'
import { SERVICE_REFUSAL } from '../workflows/types.js'

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

/**
 * A page's failure: as `toFailure`, except that a service refusing the migration fails the page
 * at once (no retry against a refusing service) with the type the space workflow pauses on.
 */
export function pageFailure(err: unknown): ApplicationFailure {
  if (!(err instanceof ServiceUnavailable)) return toFailure(err)
  return ApplicationFailure.create({
    message: err.message,
    type: SERVICE_REFUSAL,
    cause: err,
    nonRetryable: true,
  })
}
