import type { UploadFailure } from '../../services/dynamo/migration-failures-table.js'
import { ReasonCounter, type ReasonCounts } from './reason-counts.js'

export type { ReasonCount } from './reason-counts.js'

/** Failed uploads (rows of migration-failures), by reason code. */
export type FailedUploads = ReasonCounts

export const NO_FAILED_UPLOADS: FailedUploads = { total: 0, byReason: [] }

/** Counts failures by reason as pages arrive, holding one counter per reason. */
export async function countReasons(
  pages: AsyncIterable<readonly Pick<UploadFailure, 'reason'>[]>
): Promise<FailedUploads> {
  const counter = new ReasonCounter()
  for await (const page of pages)
    for (const { reason } of page) counter.add(reason)
  return counter.counts()
}
