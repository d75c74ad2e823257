export type * from './location-claims/api.js'
export { publishLocationClaims } from './location-claims/publish.js'
export { createLocationClaimsDeps } from './location-claims/deps.js'
export type { AwsOptions } from './location-claims/deps.js'
export {
  PublishingRejected,
  ShardNotInCarpark,
} from './location-claims/errors.js'
export {
  locationContextId,
  locationMetadata,
  locationJob,
} from './location-claims/ipni-job.js'
export { IndexerRejected } from '../services/claims/errors.js'
