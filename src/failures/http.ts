import { ServiceRejected, type Step, TransientError } from './errors.js'
import type { FailureReason } from './reasons.js'

/** HTTP statuses worth retrying, as Storacha's own retry policy classifies them. */
export const isRetryableStatus = (status: number) =>
  status === 408 || status === 429 || status >= 500

/** Retry-After in milliseconds (seconds or an HTTP date), when a response carries one. */
export function retryAfterMs(
  header: string | null | undefined,
  now = Date.now()
): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * The one HTTP classifier: a status worth retrying (408/429/5xx) is transient and carries
 * Retry-After; any other error status is a refusal retrying cannot change. `serverErrorReason`
 * is the code a 5xx is recorded with when it persists past its upload's attempt budget.
 */
export function httpStatusFailure(
  step: Step,
  what: string,
  status: number,
  retryAfter?: string | null,
  serverErrorReason?: FailureReason
): TransientError | ServiceRejected {
  const message = `${what}: HTTP ${status}`
  if (isRetryableStatus(status))
    return new TransientError(step, message, {
      retryAfterMs: retryAfterMs(retryAfter),
      reason: status >= 500 ? serverErrorReason : undefined,
    })
  return new ServiceRejected(step, message, { serviceError: `HTTP ${status}` })
}

/** No answer at all (a reset, a refused connection, a timeout): always transient. */
export function networkFailure(
  step: Step,
  what: string,
  cause: unknown
): TransientError {
  return new TransientError(step, `${what}: ${describe(cause)}`, { cause })
}

const describe = (err: unknown) =>
  err instanceof Error ? err.message : String(err)
