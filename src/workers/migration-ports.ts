import type { MigrationPorts } from '../activities/ports.js'
import type { ConfigWith } from '../config/types.js'
import {
  authorizeSpaceOnce,
  createGatewayAuthDeps,
} from '../migration/gateway-auth/index.js'
import { migrateUpload } from '../migration/migrate-upload.js'
import {
  createMigrationSpaceDeps,
  getOrCreateMigrationSpace,
} from '../migration/migration-space/index.js'
import { createUploadMigrationDeps } from '../migration/upload-migration-deps.js'
import { createDynamoClient, useTables } from '../services/dynamo/index.js'

export type MigrationConfig = ConfigWith<
  'dynamo' | 'services' | 'publishing' | 'signing'
>

export interface MigrationPortsOptions {
  /** Timeout of every outbound call, in milliseconds. */
  timeoutMs?: number
}

/**
 * Everything the activities touch, built once per worker from configuration: DynamoDB tables,
 * the per-upload steps, gateway authorization and migration spaces. Keys and proofs stay here;
 * activities see DIDs and outcomes only.
 */
export async function createMigrationPorts(
  config: MigrationConfig,
  options: MigrationPortsOptions = {}
): Promise<{ ports: MigrationPorts; close(): void }> {
  const dynamo = createDynamoClient(config.dynamo)
  const tables = useTables(dynamo, config.dynamo.tables)
  const gateway = createGatewayAuthDeps(config, tables)
  const uploads = await createUploadMigrationDeps(config, tables, {
    delegations: gateway.delegationStore,
    credentials: localAwsCredentials(config.publishing.s3Endpoint),
    timeoutMs: options.timeoutMs,
  })
  const spaces = createMigrationSpaceDeps(config, tables, {
    delegations: gateway.delegationStore,
  })
  const ports: MigrationPorts = {
    tables,
    migrateUpload: (customer, upload, mode) =>
      migrateUpload(uploads.forCustomer(customer), upload, mode),
    authorizeSpace: async (customer, space) =>
      authorizeSpaceOnce(
        { ...gateway, progress: tables.migrationProgress },
        { customer, space }
      ),
    migrationSpace: async (customer) => {
      const space = await getOrCreateMigrationSpace(spaces, customer)
      return { did: space.did, note: space.delegationSkipped }
    },
  }
  return {
    ports,
    close() {
      uploads.close()
      for (const client of gateway.s3Clients) client.destroy()
      dynamo.destroy()
    },
  }
}

/** As the DynamoDB client does: a local endpoint without AWS credentials gets fixed local ones. */
function localAwsCredentials(endpoint: string | undefined) {
  return endpoint !== undefined && !process.env.AWS_ACCESS_KEY_ID
    ? { accessKeyId: 'local', secretAccessKey: 'local' }
    : undefined
}
