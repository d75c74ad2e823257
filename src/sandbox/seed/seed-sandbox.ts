import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { TableNames } from '../../config/types.js'
import { useConsumerTable } from '../../services/dynamo/consumer-table.js'
import type { Sandbox } from '../sandbox.js'
import type { SeedOptions } from './plan.js'
import { sandboxIndexerSeeding } from './sandbox-indexer-seeding.js'
import {
  type SeededUpload,
  seedLegacyWorld,
  type SeedReport,
} from './seed-legacy-world.js'

/**
 * Seeds a legacy world into a running sandbox and the given tables, and lets the sandbox's
 * upload service accept the spaces provisioned in that consumer table from then on.
 */
export function seedSandbox(
  sandbox: Sandbox,
  dynamo: { client: DynamoDBDocumentClient; tables: TableNames },
  options: SeedOptions,
  onUpload?: (upload: SeededUpload) => void
): Promise<SeedReport> {
  const consumers = useConsumerTable(dynamo.client, dynamo.tables.consumer)
  sandbox.uploadService.readProvisionsFrom((space) =>
    consumers.customerOfSpace(space)
  )
  const carparkUrl = sandbox.carpark.service.url
  return seedLegacyWorld(
    options,
    {
      ...dynamo,
      carpark: sandbox.carpark.store,
      carparkUrl,
      delegations: sandbox.delegations,
      indexer: sandboxIndexerSeeding(
        sandbox.indexer,
        sandbox.ids,
        sandbox.carpark.store,
        carparkUrl
      ),
    },
    onUpload
  )
}
