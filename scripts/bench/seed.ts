/**
 * Seeding for the benchmark, on the project's seeder (`seedLegacyWorld`), in two shapes:
 * uploads with real CARs that are all "not started" (nothing in the indexer), and metadata-only
 * uploads (synthetic CIDs, no bytes) for scale.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb'
import { useConsumerTable } from '../../src/services/dynamo/consumer-table.js'
import {
  DEFAULT_SEED_OPTIONS,
  type SeedOptions,
} from '../../src/sandbox/seed/plan.js'
import {
  LEGACY_PROVIDER,
  type SeededUpload,
  type SeedIndexer,
  seedLegacyWorld,
  type SeedReport,
} from '../../src/sandbox/seed/seed-legacy-world.js'
import { secondsSince } from './measure.js'
import type { BenchWorld } from './world.js'

/**
 * The seeder gives the first uploads of every world one each of its awkward cases (plan.ts,
 * `COVERAGE`: 11 uploads, four of which cannot migrate). The benchmark puts them in a space of
 * their own and unlists it, so the measured spaces hold ordinary uploads only.
 */
const COVERED_UPLOADS = 11

/** Writes no indexer state: every seeded upload is then "not started", whatever its plan says. */
const NOTHING_IN_THE_INDEXER: SeedIndexer = {
  publishLocationClaim: () => Promise.resolve(),
  publishIndex: () => Promise.resolve(),
}

export interface SeededWorld {
  customers: string[]
  spaces: string[]
  /** How many uploads the migration will see. */
  uploadCount: number
  /** Those uploads, when kept (real-CAR worlds only: a million would weigh on the memory figures). */
  uploads: SeededUpload[]
  report: SeedReport
  seconds: number
}

async function seed(
  world: BenchWorld,
  options: SeedOptions,
  keepUploads: boolean
): Promise<SeededWorld> {
  const { sandbox } = world.stack
  const client = world.dynamo
  const tables = world.config.dynamo.tables
  // As seedSandbox does: the upload service accepts the spaces of the consumer table.
  const consumers = useConsumerTable(client, tables.consumer)
  sandbox.uploadService.readProvisionsFrom((space) =>
    consumers.customerOfSpace(space)
  )
  const uploads: SeededUpload[] = []
  const customers = new Set<string>()
  const spaces = new Set<string>()
  const started = process.hrtime.bigint()
  const report = await seedLegacyWorld(
    options,
    {
      client,
      tables,
      carpark: sandbox.carpark.store,
      carparkUrl: sandbox.carpark.service.url,
      delegations: sandbox.delegations,
      indexer: NOTHING_IN_THE_INDEXER,
    },
    (upload) => {
      customers.add(upload.customer)
      spaces.add(upload.space)
      if (keepUploads) uploads.push(upload)
    }
  )
  return {
    customers: [...customers].sort(),
    spaces: [...spaces],
    uploadCount: report.uploads,
    uploads,
    report,
    seconds: secondsSince(started),
  }
}

/**
 * One customer with `spaces` spaces of `uploadsPerSpace` uploads with real CAR shards in the
 * carpark, none of them known to the indexer: each needs the whole migration (index, claims,
 * verification). About 5% still fail on purpose (the seeder's random quirks: a shard without a
 * size row or missing from the carpark); about 10% are store-protocol shards.
 */
export async function seedNotStarted(
  world: BenchWorld,
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
): Promise<SeededWorld> {
  const seeded = await seed(
    world,
    {
      ...DEFAULT_SEED_OPTIONS,
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
    true
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
  world: BenchWorld,
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
): Promise<SeededWorld> {
  return seed(
    world,
    {
      ...DEFAULT_SEED_OPTIONS,
      ...options,
      metadataOnly: true,
    },
    false
  )
}
