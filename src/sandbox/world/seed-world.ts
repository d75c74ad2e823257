import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { TableNames } from '../../config/types.js'
import type { Sandbox } from '../sandbox.js'
import { DEFAULT_SEED_OPTIONS, type SeedOptions } from '../seed/plan.js'
import type {
  SeededUpload,
  SeedIndexer,
  SeedReport,
} from '../seed/seed-legacy-world.js'
import { seedSandbox } from '../seed/seed-sandbox.js'

export interface WorldSeeding {
  /** Keep every upload in `uploads` (default); off, only counts (a million would weigh on memory). */
  keepUploads?: boolean
  /**
   * Write the indexer states of the uploads' plans (default). Off, nothing reaches the indexer
   * and every upload is "not started", whatever its plan says.
   */
  indexer?: boolean
}

export interface SeededWorld {
  report: SeedReport
  /** Empty with `keepUploads: false`. */
  uploads: SeededUpload[]
  /** Customers and spaces that hold uploads, customers sorted. */
  customers: string[]
  spaces: string[]
  seconds: number
}

const NOTHING_IN_THE_INDEXER: SeedIndexer = {
  publishLocationClaim: () => Promise.resolve(),
  publishIndex: () => Promise.resolve(),
}

/** Seeds a legacy world (`DEFAULT_SEED_OPTIONS` under `options`) into the sandbox and the tables. */
export async function seedWorld(
  sandbox: Sandbox,
  dynamo: { client: DynamoDBDocumentClient; tables: TableNames },
  options: Partial<SeedOptions>,
  { keepUploads = true, indexer = true }: WorldSeeding = {}
): Promise<SeededWorld> {
  const uploads: SeededUpload[] = []
  const customers = new Set<string>()
  const spaces = new Set<string>()
  const started = process.hrtime.bigint()
  const report = await seedSandbox(
    sandbox,
    dynamo,
    { ...DEFAULT_SEED_OPTIONS, ...options },
    (upload) => {
      customers.add(upload.customer)
      spaces.add(upload.space)
      if (keepUploads) uploads.push(upload)
    },
    indexer ? undefined : NOTHING_IN_THE_INDEXER
  )
  return {
    report,
    uploads,
    customers: [...customers].sort(),
    spaces: [...spaces],
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  }
}
