import type { Signer } from '@ucanto/interface'
import type { UploadRecord } from '../services/dynamo/upload-table.js'
import type { ShardSizeTable } from '../services/dynamo/shard-size-tables.js'
import type { IndexWorkerOptions } from '../services/index-worker-client.js'
import type { IndexerQuery } from '../services/indexer-query.js'
import { buildIndexFromShards } from './build-index.js'
import { checkUpload } from './check-upload.js'
import { isPermanent, TransientError } from './errors.js'
import {
  type LocationClaimsDeps,
  publishLocationClaims,
} from './location-claims.js'
import { type FailureReason, reasonOf } from './reasons.js'
import {
  type RegisterIndexDeps,
  storeAndRegisterIndex,
} from './register-index.js'
import { type ShardInfo, shardInfo } from './shard-size.js'
import { type VerifyDeps, verifyUploads } from './verify.js'

/** Which steps run: everything, one step alone (the original's test modes), a check that writes nothing, or repair (claims for every shard when the indexer cannot answer). */
export const UPLOAD_MODES = [
  'full',
  'index',
  'location-claims',
  'verify-only',
  'repair',
] as const
export type UploadMode = (typeof UPLOAD_MODES)[number]

export interface UploadMigrationDeps {
  queryClaims: IndexerQuery
  tables: { allocation: ShardSizeTable; store: ShardSizeTable }
  indexWorker: IndexWorkerOptions
  registerIndex: RegisterIndexDeps
  /** The customer's migration space (got or created once per customer by the caller). */
  migrationSpace: () => Promise<Signer>
  locationClaims: LocationClaimsDeps
  verify: VerifyDeps
}

export interface UploadOutcome {
  root: string
  space: string
  status: 'migrated' | 'already-migrated' | 'verified' | 'failed'
  /** What this run wrote: an index, and location claims for these shards. */
  wrote: { index: boolean; claims: string[] }
  reason?: FailureReason
  step?: string
  error?: string
}

/**
 * Migrates one upload as far as its mode asks: check, then an index if it has none, then
 * location claims with space for the shards that lack them, then verification. Permanent
 * failures become a failed outcome with a reason code (the rest of the page goes on); transient
 * ones are thrown for the caller to retry. Gateway authorization is per space, not here.
 */
export async function migrateUpload(
  deps: UploadMigrationDeps,
  upload: UploadRecord,
  mode: UploadMode = 'full'
): Promise<UploadOutcome> {
  const wrote: UploadOutcome['wrote'] = { index: false, claims: [] }
  // Index and claims often need the same shards: look each size up once.
  const sizes = new Map<string, Promise<ShardInfo>>()
  const sizeOf = (shard: string) => {
    const known =
      sizes.get(shard) ?? shardInfo(deps.tables, upload.space, shard)
    sizes.set(shard, known)
    return known
  }
  try {
    const status = await checkOrAssumeAll(deps, upload, mode)
    if (mode === 'verify-only')
      return await verified(deps, upload, status.shards, wrote)
    if (
      !status.hasIndex &&
      (mode === 'full' || mode === 'index' || mode === 'repair')
    ) {
      const shards = await Promise.all(status.shards.map(sizeOf))
      const index = await buildIndexFromShards(
        deps.indexWorker,
        upload.root,
        shards
      )
      await storeAndRegisterIndex(deps.registerIndex, {
        migrationSpace: await deps.migrationSpace(),
        root: upload.root,
        index,
      })
      wrote.index = true
    }
    if (status.shardsNeedingClaims.length > 0 && mode !== 'index') {
      const shards = await Promise.all(status.shardsNeedingClaims.map(sizeOf))
      await publishLocationClaims(deps.locationClaims, {
        space: upload.space,
        shards,
      })
      wrote.claims = status.shardsNeedingClaims
    }
    if (mode !== 'full' && !(mode === 'repair' && !status.assumed))
      return outcome(
        upload,
        wrote.index || wrote.claims.length > 0
          ? 'migrated'
          : 'already-migrated',
        wrote
      )
    const [verdict] = await verifyUploads(deps.verify, [
      { space: upload.space, root: upload.root, shards: status.shards },
    ])
    if (!verdict?.ok)
      return failed(upload, wrote, 'verify', describeGaps(verdict))
    return outcome(
      upload,
      wrote.index || wrote.claims.length > 0 ? 'migrated' : 'already-migrated',
      wrote
    )
  } catch (err) {
    if (!isPermanent(err)) throw err
    const step = (err as { step?: string }).step
    return {
      ...outcome(upload, 'failed', wrote),
      reason: reasonOf(err),
      step,
      error: (err as Error).message,
    }
  }
}

/**
 * Repair mode, for uploads the indexer cannot answer for (the original's INDEXING_SERVICE_500,
 * typically old claims without usable addresses): when the check fails, assume the index exists
 * and re-publish location claims for every shard of the row, without verifying.
 */
async function checkOrAssumeAll(
  deps: UploadMigrationDeps,
  upload: UploadRecord,
  mode: UploadMode
) {
  try {
    return { ...(await checkUpload(deps.queryClaims, upload)), assumed: false }
  } catch (err) {
    if (
      mode !== 'repair' ||
      !(err instanceof TransientError) ||
      upload.shards.length === 0
    )
      throw err
    return {
      hasIndex: true,
      shards: upload.shards,
      shardsNeedingClaims: upload.shards,
      assumed: true,
    }
  }
}

async function verified(
  deps: UploadMigrationDeps,
  upload: UploadRecord,
  shards: string[],
  wrote: UploadOutcome['wrote']
) {
  const [verdict] = await verifyUploads(deps.verify, [
    { space: upload.space, root: upload.root, shards },
  ])
  return verdict?.ok
    ? outcome(upload, 'verified', wrote)
    : failed(upload, wrote, 'verify', describeGaps(verdict))
}

function failed(
  upload: UploadRecord,
  wrote: UploadOutcome['wrote'],
  step: string,
  error: string
): UploadOutcome {
  const reason: FailureReason = error.includes('index')
    ? 'INDEX_MISSING'
    : 'LOCATION_CLAIMS_MISSING'
  return { ...outcome(upload, 'failed', wrote), reason, step, error }
}

function describeGaps(
  verdict: Awaited<ReturnType<typeof verifyUploads>>[number] | undefined
): string {
  if (!verdict) return 'no verdict'
  const parts = verdict.missing.index ? ['index missing'] : []
  for (const gap of verdict.missing.shards)
    parts.push(`shard ${gap.shard} lacks ${gap.lacks}`)
  return parts.join('; ')
}

const outcome = (
  upload: UploadRecord,
  status: UploadOutcome['status'],
  wrote: UploadOutcome['wrote']
): UploadOutcome => ({
  root: upload.root,
  space: upload.space,
  status,
  wrote,
})
