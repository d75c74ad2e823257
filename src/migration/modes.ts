/**
 * The one table of what each mode does. Pure data, no imports: the workflows read it too.
 *
 * A migration mode is what the operator asks for (`migrate --mode`, the original's test modes);
 * its upload mode is what a page does to each upload. Gateway authorization is per space.
 */

/** What a page does to each upload. */
export const UPLOAD_MODES = [
  'full',
  'index',
  'location-claims',
  'verify-only',
  'repair',
] as const
export type UploadMode = (typeof UPLOAD_MODES)[number]

export interface UploadSteps {
  /** Build, store and register an index when the check finds none. */
  index: boolean
  /** Publish location claims with the space for the shards that lack one. */
  claims: boolean
  /** Verify at the indexer afterwards (not when the check was assumed: nothing to compare). */
  verify: boolean
  /**
   * When the indexer cannot answer the check (the original's INDEXING_SERVICE_500, typically old
   * claims without usable addresses), assume the index exists and claim every shard of the row.
   */
  assumeWhenUnanswered: boolean
  /** Write nothing: failures are reported, not recorded. */
  readOnly: boolean
}

export const UPLOAD_STEPS: Record<UploadMode, UploadSteps> = {
  full: {
    index: true,
    claims: true,
    verify: true,
    assumeWhenUnanswered: false,
    readOnly: false,
  },
  index: {
    index: true,
    claims: false,
    verify: false,
    assumeWhenUnanswered: false,
    readOnly: false,
  },
  'location-claims': {
    index: false,
    claims: true,
    verify: false,
    assumeWhenUnanswered: false,
    readOnly: false,
  },
  'verify-only': {
    index: false,
    claims: false,
    verify: true,
    assumeWhenUnanswered: false,
    readOnly: true,
  },
  repair: {
    index: true,
    claims: true,
    verify: true,
    assumeWhenUnanswered: true,
    readOnly: false,
  },
}

/** What the operator asks for. */
export const MIGRATION_MODES = [
  'full',
  'test-index',
  'test-location-claims',
  'test-gateway-auth',
  'verify-only',
  'repair',
] as const
export type MigrationMode = (typeof MIGRATION_MODES)[number]

export interface ModeSteps {
  /** What each upload gets; none for the gateway test, which authorizes spaces only. */
  uploads?: UploadMode
  /** Authorize the gateway for each space. */
  gateway: boolean
  /** Move the progress tables; tests and checks leave them alone. */
  tracksProgress: boolean
}

export const MODE_STEPS: Record<MigrationMode, ModeSteps> = {
  full: { uploads: 'full', gateway: true, tracksProgress: true },
  'test-index': { uploads: 'index', gateway: false, tracksProgress: false },
  'test-location-claims': {
    uploads: 'location-claims',
    gateway: false,
    tracksProgress: false,
  },
  'test-gateway-auth': { gateway: true, tracksProgress: false },
  'verify-only': {
    uploads: 'verify-only',
    gateway: false,
    tracksProgress: false,
  },
  repair: { uploads: 'repair', gateway: false, tracksProgress: true },
}
