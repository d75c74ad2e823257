import { ServiceRejected } from '../../migration/errors.js'

/**
 * The indexer refused a request (an error receipt, or an HTTP status retrying will not change).
 * `name` stays `ServiceRejected` so it is classified as permanent; the service's own error name
 * is kept in `errorName`.
 */
export class IndexerRejected extends ServiceRejected {
  readonly errorName: string
  constructor(
    step: string,
    error: { name?: string; message: string },
    options?: { cause?: unknown }
  ) {
    const errorName = error.name ?? 'Error'
    super(step, `indexer rejected: ${errorName}: ${error.message}`, options)
    this.errorName = errorName
  }
}
