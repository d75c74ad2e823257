/**
 * Seeding for the benchmark, with nothing written to the indexer, in two shapes: uploads with
 * real CARs that are all "not started", and metadata-only uploads (synthetic CIDs, no bytes)
 * for scale.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb'
import type { SeedOptions } from '../../src/sandbox/seed/plan.js'
import { LEGACY_PROVIDER } from '../../src/sandbox/seed/seed-legacy-world.js'
import type { SeededWorld } from '../../src/sandbox/world/seed-world.js'
import type { BenchWorld } from './world.js'

/**
 * The seeder gives the first uploads of every world one each of its awkward cases (plan.ts,
 * `COVERAGE`: 11 uploads, four of which cannot migrate). The benchmark puts them in a space of
 * their own and unlists it, so the measured spaces hold ordinary uploads only.
 */
const COVERED_UPLOADS = 11

/** What seeding needs of a world: its seeder and its DynamoDB (in this process or not). */
export type SeedingWorld = Pick<BenchWorld, 'seed' | 'dynamo' | 'config'>

export type BenchSeeded = SeededWorld & {
  /** How many uploads the migration will see. */
  uploadCount: number
}

/**
 * One customer with `spaces` spaces of `uploadsPerSpace` uploads with real CAR shards in the
 * carpark, none of them known to the indexer: each needs the whole migration (index, claims,
 * verification). About 5% still fail on purpose (the seeder's random quirks: a shard without a
 * size row or missing from the carpark); about 10% are store-protocol shards.
 */
export async function seedNotStarted(
  world: SeedingWorld,
  {
    seed: name,
    spaces,
    uploadsPerSpace,
    shardsPerUpload,
    blocksPerShard,
  }: {
    seed: string
    spaces: number
    uploadsPerSpace: number
    shardsPerUpload: number
    blocksPerShard: number
  }
): Promise<BenchSeeded> {
  const seeded = await world.seed(
    {
      seed: name,
      customers: 1,
      spacesPerCustomer: spaces + 1,
      uploadsPerSpace,
      shardsPerUpload,
      blocksPerShard,
      metadataOnly: false,
      largeSpaces: 1,
      largeSpaceUploads: COVERED_UPLOADS,
    },
    { indexer: false }
  )
  const burner = seeded.uploads[0]
  if (!burner) throw new Error('the seeder wrote no uploads')
  // Unlist the space of the awkward cases: the customer workflow lists spaces from this table.
  await world.dynamo.send(
    new DeleteCommand({
      TableName: world.config.dynamo.tables.consumer,
      Key: {
        subscription: `${burner.customer}:${burner.space}`,
        provider: LEGACY_PROVIDER,
      },
    })
  )
  const uploads = seeded.uploads.filter((u) => u.space !== burner.space)
  return {
    ...seeded,
    uploads,
    uploadCount: uploads.length,
    spaces: seeded.spaces.filter((space) => space !== burner.space),
  }
}

/**
 * Metadata-only uploads (synthetic CIDs and sizes, no bytes): cheap to seed by the 100,000, and
 * every one fails at indexing (its shards are not in the carpark) after the same page, check and
 * size steps as a real one.
 */
export async function seedMetadataOnly(
  world: SeedingWorld,
  options: Pick<
    SeedOptions,
    | 'seed'
    | 'customers'
    | 'spacesPerCustomer'
    | 'uploadsPerSpace'
    | 'largeSpaces'
    | 'largeSpaceUploads'
  > &
    Partial<SeedOptions>
): Promise<BenchSeeded> {
  const seeded = await world.seed(
    { ...options, metadataOnly: true },
    { keepUploads: false, indexer: false }
  )
  return { ...seeded, uploadCount: seeded.report.uploads }
}
