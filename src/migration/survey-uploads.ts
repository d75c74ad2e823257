import { MigrationError } from '../failures/index.js'
import { groupDistinct } from './batches.js'
import { checkUploads, type UploadStatus } from './check/check-upload.js'
import type { UploadContext, UploadMigrationPorts } from './migrate-upload.js'
import { type UploadMode, UPLOAD_STEPS } from './modes.js'
import type { ShardInfo, UploadRecord } from './ports.js'
import { knownShardInfos } from './sizes/shard-info.js'

/**
 * What many uploads (a page) already have, and the sizes of the shards their steps will need,
 * each in a few batched reads instead of a few reads per upload: the context each upload's
 * `migrateUpload` then starts from, verification deferred to the caller's batch.
 *
 * A batch that fails is no failure of any upload: those uploads check and look up sizes alone,
 * so one upload the indexer keeps failing on (a poison upload) fails alone, within its budget.
 */
export async function surveyUploads(
  ports: Pick<UploadMigrationPorts, 'indexer' | 'sizes'>,
  uploads: readonly UploadRecord[],
  mode: UploadMode
): Promise<UploadContext[]> {
  const checked = await batchedOrNone(() =>
    checkUploads(ports.indexer, uploads)
  )
  const sizes = checked
    ? await batchedOrNone(() => sizesNeeded(ports, uploads, checked, mode))
    : undefined
  return uploads.map((upload, i) => ({
    checked: checked?.[i],
    sizes: sizes?.get(upload.space),
    deferVerify: true,
  }))
}

/** Sizes of the shards the mode's steps will index or claim, by space then CID, a batch a space. */
async function sizesNeeded(
  ports: Pick<UploadMigrationPorts, 'sizes'>,
  uploads: readonly UploadRecord[],
  checked: readonly (UploadStatus | Error)[],
  mode: UploadMode
): Promise<Map<string, Map<string, ShardInfo>>> {
  const steps = UPLOAD_STEPS[mode]
  const needs = (status: UploadStatus): string[] => [
    ...(steps.index && !status.hasIndex ? status.shards : []),
    ...(steps.claims ? status.shardsNeedingClaims : []),
  ]
  const bySpace = groupDistinct(
    uploads.map((upload, i) => ({ upload, status: checked[i]! })),
    ({ upload }) => upload.space,
    ({ status }) => (status instanceof Error ? [] : needs(status))
  )
  const sizes = new Map<string, Map<string, ShardInfo>>()
  for (const [space, shards] of bySpace)
    sizes.set(space, await knownShardInfos(ports.sizes, space, shards))
  return sizes
}

/**
 * The batch's answer, or none when a service fails it: each upload then reads alone, and only
 * the upload the failure is about fails (a 4xx for one odd CID must not fail the whole page).
 */
async function batchedOrNone<T>(
  read: () => Promise<T>
): Promise<T | undefined> {
  try {
    return await read()
  } catch (err) {
    if (err instanceof MigrationError) return undefined
    throw err
  }
}
