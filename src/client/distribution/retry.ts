import { setTimeout as delay } from 'node:timers/promises'

export type Sleep = (ms: number) => Promise<unknown>

/** Throttling, timeouts and server errors: what is worth another try after a pause. */
const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalServerError',
  'ServiceUnavailable',
])
const RETRYABLE_CODES = new Set([
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
])

export function isRetryable(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  const e = err as Error & {
    code?: string
    $retryable?: unknown
    $metadata?: { httpStatusCode?: number }
  }
  const status = e.$metadata?.httpStatusCode ?? 0
  return (
    RETRYABLE_NAMES.has(e.name) ||
    (e.code !== undefined && RETRYABLE_CODES.has(e.code)) ||
    Boolean(e.$retryable) ||
    status === 429 ||
    status >= 500
  )
}

export interface RetryOptions {
  /** Further attempts after the first. */
  retries?: number
  /** Pause before the first retry; doubled before each next one. */
  baseDelayMs?: number
  sleep?: Sleep
  /** Told of each retry, before its pause. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void
}

/**
 * Runs `fn`, retrying throttling and timeouts with exponential backoff (the original's 5 tries
 * from 1 s); any other error, or the last one, is thrown.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  {
    retries = 5,
    baseDelayMs = 1_000,
    sleep = delay,
    onRetry,
  }: RetryOptions = {}
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      if (attempt >= retries || !isRetryable(err)) throw err
      const ms = baseDelayMs * 2 ** attempt
      onRetry?.(err, attempt + 1, ms)
      await sleep(ms)
    }
  }
}
