/**
 * Figures measured on this project, the ones `estimate` multiplies by. Provenance: `npm run
 * bench -- workflows` (scripts/bench/workflows.ts) seeds 5 customers × 4 spaces × 50 uploads with
 * real CARs on the embedded stack, migrates them with one in-process worker at the default page
 * size (DEFAULT_TUNING.pageSize = 100), then reads back every workflow history of the instance
 * (README, "Performance"). Re-measure and update them together when the workflows change.
 */

/** The page size (uploads per page activity) the Temporal figures were measured with. */
export const MEASURED_PAGE_SIZE = 100

/** Temporal history events per 1,000 uploads, every workflow run of the instance counted. */
export const HISTORY_EVENTS_PER_1000_UPLOADS = 1_143

/** Temporal Cloud billable actions per 1,000 uploads (heartbeats not counted). */
export const BILLABLE_ACTIONS_PER_1000_UPLOADS = 198

/**
 * Uploads per second one host migrates, measured in the same run on a 2-core machine where the
 * sandbox (UCAN signing and verification of every fake service) shares the CPU and the one Node
 * thread with the worker: a pessimistic local figure, not a production one.
 */
export const MEASURED_UPLOADS_PER_SECOND_PER_HOST = 4.1

/** Hosts running workers, when --workers is not given. */
export const DEFAULT_WORKERS = 5

/** Upload rows read to find the shards per upload, when --sample is not given. */
export const DEFAULT_SAMPLE = 1_000
