import type { ScopeSize } from '../shared/scope-size.js'
import type { Scope } from '../shared/scope.js'
import {
  BILLABLE_ACTIONS_PER_1000_UPLOADS,
  HISTORY_EVENTS_PER_1000_UPLOADS,
} from './measured.js'

/** Shards of the upload rows read, counted as rows arrive. */
export interface ShardSample {
  rows: number
  shards: number
  /** Rows that list no shards: old rows, whose index names them. Counted as 0 shards. */
  withoutShards: number
  maxShards: number
}

export const emptySample = (): ShardSample => ({
  rows: 0,
  shards: 0,
  withoutShards: 0,
  maxShards: 0,
})

/** Adds one upload row's shard count into the sample and returns it. */
export function addToSample(sample: ShardSample, shards: number): ShardSample {
  sample.rows++
  sample.shards += shards
  if (shards === 0) sample.withoutShards++
  sample.maxShards = Math.max(sample.maxShards, shards)
  return sample
}

/** The per-host rate, and whether it came from --uploads-per-second or the measured default. */
export interface Rate {
  uploadsPerSecond: number
  source: 'default' | 'flag'
}

export interface Figures {
  /** Mean over the sample; null when uploads exist but no row could be read. */
  shardsPerUpload: number | null
  /** Uploads × shards per upload. */
  shards: number | null
  /**
   * At least one index-worker request per shard of an upload that lacks an index; the worst
   * case, every upload lacking one, is assumed.
   */
  indexWorkerRequests: number | null
  historyEvents: number
  billableActions: number
  /** Wall time for `workers` hosts at the rate each. */
  seconds: number
}

/** What migrating `uploads` costs, from the sample, the measured constants and the rate. */
export function estimateFigures(
  uploads: number,
  sample: ShardSample,
  workers: number,
  rate: Rate
): Figures {
  const shardsPerUpload =
    sample.rows > 0 ? sample.shards / sample.rows : uploads === 0 ? 0 : null
  const shards =
    shardsPerUpload === null ? null : Math.round(uploads * shardsPerUpload)
  return {
    shardsPerUpload,
    shards,
    indexWorkerRequests: shards,
    historyEvents: Math.round(
      (uploads * HISTORY_EVENTS_PER_1000_UPLOADS) / 1000
    ),
    billableActions: Math.round(
      (uploads * BILLABLE_ACTIONS_PER_1000_UPLOADS) / 1000
    ),
    seconds: uploads > 0 ? uploads / (workers * rate.uploadsPerSecond) : 0,
  }
}

/** Everything `estimate` found and computed. */
export interface Estimate {
  scope: Scope
  size: ScopeSize
  sample: ShardSample
  workers: number
  rate: Rate
  figures: Figures
}
