import { MigrationError, type Step } from './errors.js'

/**
 * Why an upload failed: the original's twelve codes, kept so operators' dashboards and the
 * monitor read the same, plus codes for cases the original folded into them.
 */
export const FAILURE_REASONS = [
  'UNKNOWN_ERROR',
  'ANALYSIS_FAILED',
  'INDEX_GENERATION_FAILED',
  'LOCATION_CLAIM_FAILED',
  'GATEWAY_AUTH_FAILED',
  'MISSING_DELEGATION',
  'INDEX_MISSING',
  'LOCATION_CLAIMS_MISSING',
  'SPACE_INFO_MISSING',
  'VERIFICATION_FAILED',
  'NO_SHARDS_NO_INDEX',
  'INDEXING_SERVICE_500',
  'SHARD_SIZE_UNKNOWN',
  'SHARD_NOT_FOUND',
] as const
export type FailureReason = (typeof FAILURE_REASONS)[number]

const BY_STEP: Record<Step, FailureReason> = {
  check: 'ANALYSIS_FAILED',
  index: 'INDEX_GENERATION_FAILED',
  space: 'SPACE_INFO_MISSING',
  claims: 'LOCATION_CLAIM_FAILED',
  gateway: 'GATEWAY_AUTH_FAILED',
  verify: 'VERIFICATION_FAILED',
  unknown: 'UNKNOWN_ERROR',
}

/** The reason code of a failure: the one it carries, else its step's; never from its text. */
export function reasonOf(err: unknown): FailureReason {
  if (!(err instanceof MigrationError)) return 'UNKNOWN_ERROR'
  const carried = (err as { reason?: FailureReason }).reason
  return carried ?? BY_STEP[err.step]
}
