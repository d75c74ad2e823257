import type { Signer } from '@ucanto/interface'
import type { ConfigWith } from '../config/types.js'
import type { Tables } from '../services/dynamo/index.js'
import { createIndexerQuery } from '../services/indexer-query.js'
import type { BlobStore } from '../services/object-store/types.js'
import { createLocationClaimsDeps } from './location-claims.js'
import type { UploadMigrationDeps } from './migrate-upload.js'
import {
  createMigrationSpaceDeps,
  getOrCreateMigrationSpace,
} from './migration-space/index.js'

export interface UploadMigrationOptions {
  /** The delegation bucket, where customer delegations of migration spaces go. */
  delegations: BlobStore
  /** Called with each migration space before use (the sandbox provisions it there). */
  onMigrationSpace?: (space: string, customer: string) => Promise<void>
  timeoutMs?: number
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

/**
 * The ports of the per-upload migration, built once per worker from configuration; `forCustomer`
 * binds the customer whose migration space receives the indexes.
 */
export async function createUploadMigrationDeps(
  config: ConfigWith<'dynamo' | 'services' | 'publishing' | 'signing'>,
  tables: Tables,
  options: UploadMigrationOptions
) {
  const timeoutMs = options.timeoutMs ?? 30_000
  const queryClaims = createIndexerQuery({
    url: config.services.indexer.url,
    timeoutMs,
  })
  const locationClaims = await createLocationClaimsDeps(config, {
    credentials: options.credentials,
    timeoutMs,
  })
  const spaces = createMigrationSpaceDeps(config, tables, {
    delegations: options.delegations,
  })
  const migrationSpace = async (customer: string): Promise<Signer> => {
    const space = await getOrCreateMigrationSpace(spaces, customer)
    await options.onMigrationSpace?.(space.did, customer)
    return space.signer
  }
  return {
    forCustomer: (customer: string): UploadMigrationDeps => ({
      queryClaims,
      tables,
      indexWorker: { url: config.services.indexWorkerUrl, timeoutMs },
      registerIndex: {
        uploadService: config.services.upload,
        indexer: config.services.indexer,
        queryClaims,
        timeoutMs,
      },
      migrationSpace: () => migrationSpace(customer),
      locationClaims,
      verify: { queryClaims },
    }),
    close: () => locationClaims.close(),
  }
}
