import type { Signer } from '@ucanto/interface'
import {
  type FailureReason,
  isPermanent,
  PermanentError,
  reasonOf,
  type Step,
  TransientError,
} from '../failures/index.js'
import { checkUpload, type UploadStatus } from './check/check-upload.js'
import { publishLocationClaims } from './claims/publish.js'
import type { LocationClaimsPorts } from './claims/types.js'
import { buildIndexFromShards } from './index/build-index.js'
import { storeAndRegisterIndex } from './index/store-and-register.js'
import { type UploadMode, UPLOAD_STEPS } from './modes.js'
import type {
  IndexerPort,
  IndexWorkerPort,
  ShardInfo,
  ShardSizeTables,
  UploadRecord,
  UploadServicePort,
} from './ports.js'
import { shardInfos } from './sizes/shard-info.js'
import type {
  StoredClaimLookup,
  UploadToVerify,
  UploadVerdict,
} from './verify/api.js'
import { verifyUploads } from './verify/verify-uploads.js'

export { UPLOAD_MODES, type UploadMode } from './modes.js'

/** Every port one upload's migration touches; the composition root builds them once. */
export interface UploadMigrationPorts {
  indexer: IndexerPort
  indexWorker: IndexWorkerPort
  uploadService: Pick<UploadServicePort, 'addBlob'>
  sizes: ShardSizeTables
  claims: Omit<LocationClaimsPorts, 'indexer'>
  /** Lets verification count a claim the indexer has not caught up with yet. */
  storedClaims?: StoredClaimLookup
  /** The customer's migration space (got or created once per customer by the caller). */
  migrationSpace: () => Promise<Signer>
}

export interface UploadOutcome {
  root: string
  space: string
  status: 'migrated' | 'already-migrated' | 'verified' | 'failed'
  /** What this run wrote: an index, and location claims for these shards. */
  wrote: { index: boolean; claims: string[] }
  reason?: FailureReason
  step?: Step
  error?: string
  /** Verification left to the caller's batch (`verifyOutcomes`): what to verify. */
  toVerify?: UploadToVerify
}

/** What the caller of {@link migrateUpload} already knows of the upload (a page's batches). */
export interface UploadContext {
  /** The batched check's answer for it, or its permanent failure; checked alone when absent. */
  checked?: UploadStatus | PermanentError
  /** Shard sizes already read, by shard CID. */
  sizes?: ReadonlyMap<string, ShardInfo>
  /** Leave verification to the caller: the outcome carries `toVerify` instead. */
  deferVerify?: boolean
}

/**
 * Migrates one upload as far as its mode asks (see `UPLOAD_STEPS`): check, then an index if it
 * has none, then location claims with space for the shards that lack them, then verification.
 * Permanent failures become a failed outcome with a reason code (the rest of the page goes on);
 * transient ones are thrown for the caller to retry. Gateway authorization is per space, not here.
 */
export async function migrateUpload(
  ports: UploadMigrationPorts,
  upload: UploadRecord,
  mode: UploadMode = 'full',
  context: UploadContext = {}
): Promise<UploadOutcome> {
  const steps = UPLOAD_STEPS[mode]
  const wrote: UploadOutcome['wrote'] = { index: false, claims: [] }
  // Shards whose carpark URL just answered the index worker: their claims need no HEAD.
  let inCarpark = new Set<string>()
  try {
    const status = await checkOrAssume(
      ports,
      upload,
      steps.assumeWhenUnanswered,
      context.checked
    )
    // Index and claims often need the same shards: look their sizes up once, in one batch.
    const sizes = lazySizes(ports.sizes, upload.space, context.sizes)
    if (steps.index && !status.hasIndex) {
      const index = await buildIndexFromShards(
        ports.indexWorker,
        upload.root,
        await sizes.of(status.shards)
      )
      inCarpark = index.atProtocolKey
      await storeAndRegisterIndex(
        { uploadService: ports.uploadService, indexer: ports.indexer },
        {
          migrationSpace: await ports.migrationSpace(),
          root: upload.root,
          index,
        }
      )
      wrote.index = true
    }
    if (steps.claims && status.shardsNeedingClaims.length > 0) {
      const shards = await sizes.of(status.shardsNeedingClaims)
      await publishLocationClaims(
        { ...ports.claims, indexer: ports.indexer },
        {
          space: upload.space,
          shards: shards.map((s) => ({
            ...s,
            inCarpark: inCarpark.has(s.cid),
          })),
        }
      )
      wrote.claims = status.shardsNeedingClaims
    }
    const done = steps.readOnly
      ? 'verified'
      : wrote.index || wrote.claims.length > 0
        ? 'migrated'
        : 'already-migrated'
    if (!steps.verify || status.assumed) return outcome(upload, done, wrote)
    const toVerify = {
      space: upload.space,
      root: upload.root,
      shards: status.shards,
    }
    const pending = { ...outcome(upload, done, wrote), toVerify }
    if (context.deferVerify) return pending
    const [verified] = await verifyOutcomes(ports, [pending], mode)
    return verified!
  } catch (err) {
    if (!isPermanent(err)) throw err
    return {
      ...outcome(upload, 'failed', wrote),
      reason: reasonOf(err),
      step: err.step,
      error: err.message,
    }
  }
}

/**
 * The check, or, when the mode allows it and the indexer cannot answer, the assumption that the
 * index exists and every shard of the row needs its claim.
 */
async function checkOrAssume(
  ports: UploadMigrationPorts,
  upload: UploadRecord,
  assumeWhenUnanswered: boolean,
  checked: UploadContext['checked']
): Promise<UploadStatus & { assumed: boolean }> {
  if (checked instanceof PermanentError) throw checked
  if (checked) return { ...checked, assumed: false }
  try {
    return { ...(await checkUpload(ports.indexer, upload)), assumed: false }
  } catch (err) {
    if (
      !assumeWhenUnanswered ||
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

/**
 * Verifies, in one batch of indexer queries, the outcomes that carry `toVerify`; returns every
 * outcome final (without `toVerify`), those that fail verification as failed. Throws a
 * `TransientError` when the indexer does not answer: nothing is concluded then.
 */
export async function verifyOutcomes(
  ports: Pick<UploadMigrationPorts, 'indexer' | 'storedClaims'>,
  outcomes: readonly UploadOutcome[],
  mode: UploadMode
): Promise<UploadOutcome[]> {
  const pending = outcomes.filter((o) => o.toVerify)
  const verdicts = await verifyUploads(
    { indexer: ports.indexer, storedClaims: ports.storedClaims },
    pending.map((o) => o.toVerify!)
  )
  const verdictOf = new Map(pending.map((o, i) => [o, verdicts[i]]))
  return outcomes.map((o) => {
    if (!o.toVerify) return o
    const { toVerify, ...done } = o
    const verdict = verdictOf.get(o)
    return verdict?.ok
      ? done
      : unverified(done, done.wrote, verdict, UPLOAD_STEPS[mode].readOnly)
  })
}

/** Sizes of the upload's shards, each read once, many in one batch; `read` ones are not. */
function lazySizes(
  tables: ShardSizeTables,
  space: string,
  read: ReadonlyMap<string, ShardInfo> = new Map()
) {
  const known = new Map<string, Promise<ShardInfo>>(
    [...read].map(([cid, info]) => [cid, Promise.resolve(info)])
  )
  return {
    of(shards: readonly string[]): Promise<ShardInfo[]> {
      const missing = shards.filter((shard) => !known.has(shard))
      if (missing.length > 0) {
        const batch = shardInfos(tables, space, missing)
        missing.forEach((shard, i) =>
          known.set(
            shard,
            batch.then((infos) => infos[i]!)
          )
        )
      }
      return Promise.all(shards.map((shard) => known.get(shard)!))
    },
  }
}

/**
 * A verification gap. After the steps that write (the recorded case), the index and claims were
 * written or found, so a gap is verification disagreeing with them: `VERIFICATION_FAILED`, the
 * gaps in the error. A read-only verification reports what is missing instead (the original's
 * order, `INDEX_MISSING` before `LOCATION_CLAIMS_MISSING`). Never from the error's text.
 */
function unverified(
  upload: Pick<UploadRecord, 'root' | 'space'>,
  wrote: UploadOutcome['wrote'],
  verdict: UploadVerdict | undefined,
  readOnly: boolean
): UploadOutcome {
  const reason: FailureReason =
    !readOnly || !verdict
      ? 'VERIFICATION_FAILED'
      : verdict.missing.index
        ? 'INDEX_MISSING'
        : 'LOCATION_CLAIMS_MISSING'
  return {
    ...outcome(upload, 'failed', wrote),
    reason,
    step: 'verify',
    error: describeGaps(verdict),
  }
}

function describeGaps(verdict: UploadVerdict | undefined): string {
  if (!verdict) return 'no verdict'
  const parts = verdict.missing.index ? ['index missing'] : []
  for (const gap of verdict.missing.shards)
    parts.push(`shard ${gap.shard} lacks ${gap.lacks}`)
  return parts.join('; ')
}

const outcome = (
  upload: Pick<UploadRecord, 'root' | 'space'>,
  status: UploadOutcome['status'],
  wrote: UploadOutcome['wrote']
): UploadOutcome => ({
  root: upload.root,
  space: upload.space,
  status,
  wrote,
})
