import type { S3Client } from '@aws-sdk/client-s3'
import { ed25519 } from '@ucanto/principal'
import type { ConfigWith, R2Config } from '../../config/types.js'
import type { Tables } from '../../services/dynamo/index.js'
import { createS3Client, S3BlobStore } from '../../services/object-store/s3.js'
import type { GatewayAuthDeps } from './deps.js'

type GatewayAuthConfig = ConfigWith<'signing' | 'services' | 'dynamo'>

/**
 * The gateway-auth ports from configuration, built once per worker. The service keys sign as
 * their did:web, as the gateway resolves them; the agent signs as its own did:key.
 */
export function createGatewayAuthDeps(
  config: GatewayAuthConfig,
  tables: Pick<Tables, 'delegation'>
): GatewayAuthDeps & { s3Clients: S3Client[] } {
  const { signing, services, dynamo } = config
  const s3 = createS3Client({
    region: dynamo.region,
    endpoint: config.publishing?.s3Endpoint,
    credentials: localCredentials(config.publishing?.s3Endpoint),
  })
  const r2 = signing.r2 && createR2Client(signing.r2)
  return {
    delegationTable: tables.delegation,
    delegationStore: new S3BlobStore(s3, signing.delegationBucket),
    r2: r2 && signing.r2 ? new S3BlobStore(r2, signing.r2.bucket) : undefined,
    gateway: services.gateway,
    signers: {
      gateway: ed25519
        .parse(signing.gatewayKey)
        .withDID(webDid(services.gateway.did)),
      uploadService: ed25519
        .parse(signing.uploadServiceKey)
        .withDID(webDid(services.upload.did)),
      migrationAgent: ed25519.parse(signing.migrationAgentKey),
    },
    s3Clients: r2 ? [s3, r2] : [s3],
  }
}

function createR2Client(r2: R2Config) {
  return createS3Client({
    region: r2.region,
    endpoint: r2.endpoint,
    credentials: {
      accessKeyId: r2.accessKeyId,
      secretAccessKey: r2.secretAccessKey,
    },
  })
}

/** As the DynamoDB client does: a local endpoint without AWS credentials gets fixed local ones. */
function localCredentials(endpoint: string | undefined) {
  return endpoint !== undefined && !process.env.AWS_ACCESS_KEY_ID
    ? { accessKeyId: 'local', secretAccessKey: 'local' }
    : undefined
}

function webDid(did: string): `did:${string}:${string}` {
  return did as `did:${string}:${string}`
}
