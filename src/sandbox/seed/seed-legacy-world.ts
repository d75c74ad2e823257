import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { delegate } from '@ucanto/core'
import { Absentee } from '@ucanto/principal'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import type { TableNames } from '../../config/types.js'
import { shardKey } from '../../services/carpark-keys.js'
import { toItem } from '../../services/dynamo/upload-table.js'
import type { BlobStore } from '../../services/object-store/types.js'
import { CAR_CODEC } from '../../migration/car-codec.js'
import { ed25519 } from '../../principal/index.js'
import { encodeUpload, type EncodedShard } from './encode-upload.js'
import {
  type PlannedSpace,
  type PlannedUpload,
  planCustomers,
  planSpaces,
  planUpload,
  type SeedOptions,
  type UploadQuirk,
  type UploadState,
} from './plan.js'
import { delegationKey } from '../../migration/delegations/delegation-key.js'
import { SeededRandom } from './random.js'
import { TableBuffer } from './table-buffer.js'

/** The legacy provider of every seeded space. */
export const LEGACY_PROVIDER = 'did:web:web3.storage'

/** Where the indexing-service states of seeded uploads are written (the sandbox indexer). */
export interface SeedIndexer {
  /** A location claim for a shard, with `space` or, for old claims, without. */
  publishLocationClaim(input: {
    shard: EncodedShard
    location: string
    space?: string
  }): Promise<void>
  /** An index of the upload's shards, stored and registered as a migrated upload's would be. */
  publishIndex(input: {
    root: CID
    shards: EncodedShard[]
    space: string
  }): Promise<void>
}

export interface SeedTargets {
  client: DynamoDBDocumentClient
  tables: TableNames
  carpark: BlobStore
  /** Public URL of `carpark`, for the locations of seeded claims. */
  carparkUrl: string
  /** The delegation bucket: space-to-account delegations as CARs. */
  delegations: BlobStore
  indexer?: SeedIndexer
}

export interface SeededUpload {
  customer: string
  space: string
  root: string
  shards: string[]
  state: UploadState
  quirk: UploadQuirk
}

export interface SeedReport {
  customers: number
  spaces: number
  emptySpaces: number
  spacesWithoutOwnerDelegation: number
  uploads: number
  shards: number
  bytes: number
  byState: Record<string, number>
  byQuirk: Record<string, number>
  rows: number
}

/** When every seeded row claims to have been written: long before any migration. */
const SEEDED_AT = '2024-01-01T00:00:00.000Z'

/**
 * Writes a deterministic legacy world: customers, provisioned spaces with owner delegations,
 * upload rows with shard size rows, real CAR shards in the carpark (or, in metadata-only mode,
 * synthetic CIDs and sizes), and the indexer states each upload's plan asks for.
 */
export async function seedLegacyWorld(
  options: SeedOptions,
  targets: SeedTargets,
  onUpload: (upload: SeededUpload) => void = () => {}
): Promise<SeedReport> {
  if (!options.metadataOnly && !targets.indexer) {
    throw new Error(
      'seeding real uploads needs the sandbox indexer (for index and claim states)'
    )
  }
  const report: SeedReport = {
    customers: 0,
    spaces: 0,
    emptySpaces: 0,
    spacesWithoutOwnerDelegation: 0,
    uploads: 0,
    shards: 0,
    bytes: 0,
    byState: {},
    byQuirk: {},
    rows: 0,
  }
  const rows = new TableBuffer(targets.client)
  let global = 0
  for (const customer of planCustomers(options)) {
    report.customers++
    for (const plannedSpace of planSpaces(options, customer)) {
      const space = await seedSpace(plannedSpace, targets, rows, report)
      for (let i = 0; i < plannedSpace.uploads; i++) {
        const plan = planUpload(options, global++)
        const upload = options.metadataOnly
          ? await seedSyntheticUpload(
              { ...plan, state: 'not-started', quirk: 'normal' },
              space,
              options,
              targets,
              rows
            )
          : await seedRealUpload(plan, space, options, targets, rows)
        count(report, upload)
        onUpload({ ...upload, customer: customer.did })
      }
    }
  }
  await rows.flush()
  report.rows = rows.written
  return report
}

interface SeedingSpace {
  did: string
}

async function seedSpace(
  planned: PlannedSpace,
  targets: SeedTargets,
  rows: TableBuffer,
  report: SeedReport
) {
  const signer = await ed25519.derive(
    (await sha256.digest(new TextEncoder().encode(planned.keySeed))).digest
  )
  const space = signer.did()
  const customer = planned.customer.did
  const subscription = `${customer}:${space}`
  const insertedAt = SEEDED_AT
  await rows.add(targets.tables.consumer, {
    subscription,
    provider: LEGACY_PROVIDER,
    consumer: space,
    customer,
    insertedAt,
  })
  await rows.add(targets.tables.subscription, {
    subscription,
    provider: LEGACY_PROVIDER,
    customer,
    insertedAt,
  })
  report.spaces++
  if (planned.uploads === 0) report.emptySpaces++
  if (planned.hasOwnerDelegation) {
    const ownership = await delegate({
      issuer: signer,
      audience: Absentee.from({ id: customer as `did:${string}:${string}` }),
      capabilities: [{ can: '*', with: space }],
      expiration: Infinity,
    })
    const archive = await ownership.archive()
    if (archive.error) throw archive.error
    await targets.delegations.put(
      delegationKey(ownership.cid.toString()),
      archive.ok
    )
    await rows.add(targets.tables.delegation, {
      link: ownership.cid.toString(),
      issuer: space,
      audience: customer,
      expiration: null,
    })
  } else {
    report.spacesWithoutOwnerDelegation++
  }
  return { did: space } satisfies SeedingSpace
}

async function seedRealUpload(
  plan: PlannedUpload,
  space: SeedingSpace,
  options: SeedOptions,
  targets: SeedTargets,
  rows: TableBuffer
): Promise<Omit<SeededUpload, 'customer'> & { bytes: number }> {
  const random = new SeededRandom(plan.contentSeed)
  const blockSize = 1024
  const shardSize = options.blocksPerShard * (blockSize + 64) + 128
  const contentLength = Math.max(
    1,
    options.shardsPerUpload * options.blocksPerShard * blockSize - 2 * blockSize
  )
  const { root, shards } = await encodeUpload(random.bytes(contentLength), {
    chunkSize: blockSize,
    shardSize,
  })
  const storeProtocol = plan.quirk === 'store-protocol'
  for (const [i, shard] of shards.entries()) {
    const multihash = base58btc.encode(shard.cid.multihash.bytes)
    if (!(plan.quirk === 'missing-size' && i === 0)) {
      await rows.add(
        storeProtocol ? targets.tables.store : targets.tables.allocation,
        storeProtocol
          ? {
              space: space.did,
              link: shard.cid.toString(),
              size: shard.bytes.length,
            }
          : { space: space.did, multihash, size: shard.bytes.length }
      )
    }
    if (!(plan.quirk === 'missing-blob' && i === 0)) {
      await targets.carpark.put(
        shardKey(shard.cid.toString(), storeProtocol ? 'store' : 'blob'),
        shard.bytes
      )
    }
  }
  await seedIndexerState(
    plan.state,
    root,
    shards,
    space.did,
    storeProtocol,
    targets
  )
  const rowShards =
    plan.quirk === 'no-shards-in-row' || plan.quirk === 'no-shards-no-index'
      ? []
      : shards.map((s) => s.cid.toString())
  await addUploadRow(rows, targets, space.did, root, rowShards)
  return {
    space: space.did,
    root: root.toString(),
    shards: shards.map((s) => s.cid.toString()),
    state: plan.state,
    quirk: plan.quirk,
    bytes: shards.reduce((n, s) => n + s.bytes.length, 0),
  }
}

async function seedIndexerState(
  state: UploadState,
  root: CID,
  shards: EncodedShard[],
  space: string,
  storeProtocol: boolean,
  targets: SeedTargets
) {
  const indexer = targets.indexer
  if (!indexer || state === 'not-started') return
  const withSpace = state === 'claims-only' || state === 'complete'
  for (const shard of shards) {
    const key = shardKey(shard.cid.toString(), storeProtocol ? 'store' : 'blob')
    await indexer.publishLocationClaim({
      shard,
      location: `${targets.carparkUrl}/${key}`,
      space: withSpace ? space : undefined,
    })
  }
  if (state === 'index-only' || state === 'complete')
    await indexer.publishIndex({ root, shards, space })
}

/** An upload with plausible CIDs and sizes and no bytes anywhere: cheap enough for 100,000s. */
async function seedSyntheticUpload(
  plan: PlannedUpload,
  space: SeedingSpace,
  options: SeedOptions,
  targets: SeedTargets,
  rows: TableBuffer
): Promise<Omit<SeededUpload, 'customer'> & { bytes: number }> {
  const random = new SeededRandom(plan.contentSeed)
  const root = CID.create(1, raw.code, await sha256.digest(random.bytes(32)))
  const shards: { cid: CID; size: number }[] = []
  for (let i = 0; i < options.shardsPerUpload; i++) {
    shards.push({
      cid: CID.create(1, CAR_CODEC, await sha256.digest(random.bytes(32))),
      size: random.int(1_000, 10_000_000),
    })
  }
  for (const shard of shards) {
    await rows.add(targets.tables.allocation, {
      space: space.did,
      multihash: base58btc.encode(shard.cid.multihash.bytes),
      size: shard.size,
    })
  }
  await addUploadRow(
    rows,
    targets,
    space.did,
    root,
    shards.map((s) => s.cid.toString())
  )
  return {
    space: space.did,
    root: root.toString(),
    shards: shards.map((s) => s.cid.toString()),
    state: plan.state,
    quirk: plan.quirk,
    bytes: 0,
  }
}

async function addUploadRow(
  rows: TableBuffer,
  targets: SeedTargets,
  space: string,
  root: CID,
  shards: string[]
) {
  await rows.add(
    targets.tables.upload,
    toItem({ space, root: root.toString(), shards, insertedAt: SEEDED_AT })
  )
}

function count(
  report: SeedReport,
  upload: { state: string; quirk: string; shards: string[]; bytes: number }
) {
  report.uploads++
  report.shards += upload.shards.length
  report.bytes += upload.bytes
  report.byState[upload.state] = (report.byState[upload.state] ?? 0) + 1
  report.byQuirk[upload.quirk] = (report.byQuirk[upload.quirk] ?? 0) + 1
}
