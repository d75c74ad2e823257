import type { UploadFailure } from '../../services/dynamo/migration-failures-table.js'

export interface ReasonCount {
  reason: string
  count: number
}

/** Failed uploads (rows of migration-failures), by reason code. */
export interface FailedUploads {
  total: number
  /** Most frequent first. */
  byReason: ReasonCount[]
}

export const NO_FAILED_UPLOADS: FailedUploads = { total: 0, byReason: [] }

/** Counts failures by reason as pages arrive, holding one counter per reason. */
export async function countReasons(
  pages: AsyncIterable<readonly Pick<UploadFailure, 'reason'>[]>
): Promise<FailedUploads> {
  const counts = new Map<string, number>()
  let total = 0
  for await (const page of pages) {
    for (const { reason } of page) {
      counts.set(reason, (counts.get(reason) ?? 0) + 1)
      total++
    }
  }
  const byReason = [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
  return { total, byReason }
}
