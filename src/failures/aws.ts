import { ServiceRejected, type Step, TransientError } from './errors.js'
import { isRetryableStatus } from './http.js'

/** Error names the AWS SDK gives throttling and capacity answers, whatever their status. */
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'SlowDown',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'LimitExceededException',
  'TransactionInProgressException',
])

/** Whether an AWS SDK error name is a throttling or capacity answer. */
export const isThrottling = (name: string): boolean => THROTTLING.has(name)

/**
 * The one AWS SDK classifier (S3, SQS, DynamoDB; the SDK has already retried): throttling, no
 * HTTP answer or a retryable status is transient; any other status (a missing bucket, denied
 * access, a validation error) is a refusal.
 */
export function awsFailure(
  step: Step,
  what: string,
  err: unknown
): TransientError | ServiceRejected {
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata
    ?.httpStatusCode
  const name = err instanceof Error ? err.name : ''
  const message = `${what}: ${err instanceof Error ? err.message : String(err)}`
  if (isThrottling(name) || status === undefined || isRetryableStatus(status))
    return new TransientError(step, message, { cause: err })
  return new ServiceRejected(step, message, { cause: err })
}
