import {
  MigrationError,
  NoShardsNoIndex,
  ShardNotFound,
  ShardSizeUnknown,
  SpaceHasNoOwner,
} from './errors.js'

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

const BY_STEP: Record<string, FailureReason> = {
  check: 'ANALYSIS_FAILED',
  index: 'INDEX_GENERATION_FAILED',
  space: 'SPACE_INFO_MISSING',
  claims: 'LOCATION_CLAIM_FAILED',
  gateway: 'GATEWAY_AUTH_FAILED',
  verify: 'VERIFICATION_FAILED',
}

/** The reason code of a failure: by what went wrong where it is known, else by the step. */
export function reasonOf(err: unknown): FailureReason {
  if (err instanceof NoShardsNoIndex) return 'NO_SHARDS_NO_INDEX'
  if (err instanceof ShardSizeUnknown) return 'SHARD_SIZE_UNKNOWN'
  if (
    err instanceof ShardNotFound ||
    (err instanceof Error && err.name === 'ShardNotInCarpark')
  )
    return 'SHARD_NOT_FOUND'
  if (err instanceof SpaceHasNoOwner) return 'MISSING_DELEGATION'
  if (err instanceof MigrationError) return BY_STEP[err.step] ?? 'UNKNOWN_ERROR'
  return 'UNKNOWN_ERROR'
}
