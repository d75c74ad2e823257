import {
  type FailureReason,
  httpStatusFailure,
  isRetryableStatus,
  type Step,
  TransientError,
} from '../../failures/index.js'
import { fetchWithTimeout, RequestTimeout } from './fetch-with-timeout.js'

export interface ClassifiedFetchOptions {
  /** The migration step named in the errors. */
  step: Step
  timeoutMs: number
  fetch?: typeof globalThis.fetch
  /** The code a 5xx is recorded with when it outlasts its upload's attempt budget. */
  serverErrorReason?: FailureReason
}

/**
 * `fetch` with a timeout that throws TransientError on a network failure, a timeout or a
 * retryable status (408/429/5xx, with Retry-After), so that callers only see answers worth
 * reading. Other statuses are returned as they are.
 */
export function classifiedFetch({
  step,
  timeoutMs,
  fetch = globalThis.fetch,
  serverErrorReason,
}: ClassifiedFetchOptions): typeof globalThis.fetch {
  return async (input, init = {}) => {
    const url = input instanceof Request ? input.url : String(input)
    const what = `${init.method ?? 'GET'} ${url}`
    let response: Response
    try {
      response = await fetchWithTimeout(url, init, { timeoutMs, fetch })
    } catch (cause) {
      const reason =
        cause instanceof RequestTimeout
          ? `timed out after ${timeoutMs} ms`
          : String(cause)
      throw new TransientError(step, `${what}: ${reason}`, { cause })
    }
    if (isRetryableStatus(response.status)) {
      await response.body?.cancel()
      throw httpStatusFailure(
        step,
        what,
        response.status,
        response.headers.get('retry-after'),
        serverErrorReason
      )
    }
    return response
  }
}
