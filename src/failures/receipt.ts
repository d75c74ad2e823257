import {
  ServiceRejected,
  ServiceUnavailable,
  type Step,
  TransientError,
} from './errors.js'

/** The error of a ucanto receipt (`receipt.out.error`): a name and a message. */
export interface ReceiptError {
  name?: string
  message: string
}

/**
 * The one ucanto receipt classifier. `ServiceUnavailable` is the service refusing writes for now
 * (Storacha's write kill-switch); `HandlerExecutionError` is a handler that failed while running
 * (a fetch, a store: the service's trouble); both are transient. Any other error is the service
 * refusing this very invocation, which retrying does not change.
 */
export function receiptFailure(
  step: Step,
  what: string,
  error: ReceiptError
): TransientError | ServiceRejected {
  const name = error.name ?? 'Error'
  const message = `${what}: ${name}: ${error.message}`
  if (name === 'ServiceUnavailable')
    return new ServiceUnavailable(step, message)
  if (name === 'HandlerExecutionError') return new TransientError(step, message)
  return new ServiceRejected(step, message, { serviceError: name })
}
