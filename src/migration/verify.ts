export type * from './verify/api.js'
export { verifyUploads } from './verify/verify-uploads.js'
export {
  createClaimsBucketLookup,
  type ClaimsBucketLookupDeps,
} from './verify/stored-claims.js'
export { ClaimsStoreUnavailable, IndexerUnavailable } from './verify/errors.js'
