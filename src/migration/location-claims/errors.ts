import { isRetryableStatus, PermanentError, TransientError } from '../errors.js'

export const STEP = 'claims'

/** Neither the carpark nor an earlier location claim knows where the shard's bytes are. */
export class ShardNotInCarpark extends PermanentError {
  override name = 'ShardNotInCarpark'
}

/** The claims bucket or an IPNI queue refused a write for a reason retrying cannot fix. */
export class PublishingRejected extends PermanentError {
  override name = 'PublishingRejected'
}

/**
 * Classifies an AWS SDK failure (the SDK has already retried): no HTTP answer or a retryable
 * status is transient, any other status (a missing bucket, denied access) is permanent.
 */
export function awsFailure(what: string, err: unknown): Error {
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata
    ?.httpStatusCode
  const message = `${what}: ${err instanceof Error ? err.message : String(err)}`
  if (status === undefined || isRetryableStatus(status))
    return new TransientError(STEP, message, { cause: err })
  return new PublishingRejected(STEP, message, { cause: err })
}
