import { activityInfo, heartbeat } from '@temporalio/activity'
import type { UploadTable } from '../services/dynamo/upload-table.js'
import type { UploadCount } from '../workflows/types.js'

/** How a count learns where a previous attempt stood, and tells where it stands. */
export interface CountProgress {
  resumed?: UploadCount
  heartbeat(at: UploadCount): void
}

/**
 * The progress of a count that is its activity's own work: resumed from, and heartbeating, the
 * activity's details. Never inside an activity whose details are another checkpoint (a batch).
 */
export const activityCountProgress = (): CountProgress => ({
  resumed: activityInfo().heartbeatDetails as UploadCount | undefined,
  heartbeat: (at) => heartbeat(at),
})

/**
 * Counts a space's uploads, from the start or on from a count begun elsewhere (`from`), one
 * DynamoDB page (1 MB read) at a time, heartbeating where it stands: a retried attempt (a
 * crash, a timeout) goes on from its last heartbeat, so a space of millions is counted once.
 */
export async function countUploads(
  upload: Pick<UploadTable, 'countPage'>,
  space: string,
  from: UploadCount | undefined,
  progress: CountProgress
): Promise<number> {
  const { resumed } = progress
  let at = resumed ?? from ?? { counted: 0 }
  let fresh = resumed === undefined && from === undefined
  while (fresh || at.cursor !== undefined) {
    fresh = false
    const page = await upload.countPage(space, at.cursor)
    at = { counted: at.counted + page.count, cursor: page.cursor }
    progress.heartbeat(at)
  }
  return at.counted
}
