import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { TableNames } from '../../config/types.js'
import { useConsumerTable } from '../../services/dynamo/consumer-table.js'
import type { Sandbox } from '../sandbox.js'
import type { SeedOptions } from './plan.js'
import { sandboxIndexerSeeding } from './sandbox-indexer-seeding.js'
import {
  type SeededUpload,
  type SeedIndexer,
  seedLegacyWorld,
  type SeedReport,
} from './seed-legacy-world.js'

/**
 * Seeds a legacy world into a running sandbox and the given tables, and lets the sandbox's
 * upload service accept the spaces provisioned in that consumer table from then on. The
 * indexer states of the uploads' plans go to the sandbox indexer, unless `indexer` says where.
 */
export function seedSandbox(
  sandbox: Sandbox,
  dynamo: { client: DynamoDBDocumentClient; tables: TableNames },
  options: SeedOptions,
  onUpload?: (upload: SeededUpload) => void,
  indexer: SeedIndexer = sandboxIndexerSeeding(
    sandbox.indexer,
    sandbox.ids,
    sandbox.carpark.store,
    sandbox.carpark.service.url
  )
): Promise<SeedReport> {
  const consumers = useConsumerTable(dynamo.client, dynamo.tables.consumer)
  sandbox.uploadService.readProvisionsFrom((space) =>
    consumers.customerOfSpace(space)
  )
  return seedLegacyWorld(
    options,
    {
      ...dynamo,
      carpark: sandbox.carpark.store,
      carparkUrl: sandbox.carpark.service.url,
      delegations: sandbox.delegations,
      indexer,
    },
    onUpload
  )
}
