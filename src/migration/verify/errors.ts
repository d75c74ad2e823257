import { TransientError } from '../../failures/index.js'

export const STEP = 'verify'

/** The indexer did not answer a query: nothing can be concluded, so never "missing". */
export class IndexerUnavailable extends TransientError {
  override name = 'IndexerUnavailable'
}

/** The claims bucket could not be read while looking for a lagging claim. */
export class ClaimsStoreUnavailable extends TransientError {
  override name = 'ClaimsStoreUnavailable'
}
