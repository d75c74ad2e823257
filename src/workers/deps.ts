import type { MigrationPorts } from '../activities/ports.js'
import { awsCredentialsFor } from '../config/aws-credentials.js'
import type { ConfigWith, R2Config } from '../config/types.js'
import { authorizeSpaceOnce } from '../migration/gateway/authorize-space-once.js'
import type { GatewayAuthPorts } from '../migration/gateway/authorize-gateway.js'
import type { RevokePorts } from '../migration/gateway/revoke-authorization.js'
import {
  migrateUpload,
  type UploadMigrationPorts,
  verifyOutcomes,
} from '../migration/migrate-upload.js'
import { surveyUploads } from '../migration/survey-uploads.js'
import { cachedMigrationSpaces } from '../migration/space/space-cache.js'
import type { MigrationSpacePorts } from '../migration/space/types.js'
import { ed25519 } from '../principal/index.js'
import { createCarpark } from '../services/carpark.js'
import { createDynamoClient, useTables } from '../services/dynamo/index.js'
import { createGateway } from '../services/gateway/gateway.js'
import { createHttpPool } from '../services/http/http-pool.js'
import { createIndexWorker } from '../services/index-worker.js'
import { createIndexer } from '../services/indexer/indexer.js'
import { parseProof } from '../services/indexer/proof.js'
import { createSqsClient, SqsIpniQueue } from '../services/ipni-queue/sqs.js'
import { createS3Client, S3BlobStore } from '../services/object-store/s3.js'
import { createUploadService } from '../services/upload-service.js'
import { createRevocations } from '../services/revocations.js'
import { meterAwsClient } from '../metrics/aws-metrics.js'
import { meteredFetch } from '../metrics/metered-fetch.js'
import {
  type MigrationMetrics,
  NO_METRICS,
} from '../metrics/migration-metrics.js'
import {
  type BreakerOptions,
  CircuitBreaker,
  DEFAULT_BREAKER,
  guarded,
} from './circuit-breaker.js'
import {
  type LimitableService,
  rateLimitedFetch,
} from './service-rate-limits.js'
import { serviceOfOrigin } from './service-origins.js'
import { DEFAULT_WORKER_TUNING } from './worker-tuning.js'
import { DEFAULT_TUNING } from '../workflows/types.js'

export type MigrationConfig = ConfigWith<
  'dynamo' | 'services' | 'publishing' | 'signing'
>

export interface DepsOptions {
  /** Timeout of every outbound request, in milliseconds; 30 s when unset. */
  timeoutMs?: number
  /** Requests per second this host may send to each named service. */
  rateLimits?: Map<LimitableService, number>
  /** Keep-alive connections at most to one origin (see `connectionsFor`). */
  connectionsPerOrigin?: number
  /** The fetch every HTTP client uses (rate limits wrap it); the worker's pool when unset. */
  fetch?: typeof globalThis.fetch
  /** When a service counts as refusing the migration (see CircuitBreaker). */
  breaker?: BreakerOptions
  /** Where requests, rate-limit waits and breaker states are counted; nowhere when unset. */
  metrics?: MigrationMetrics
}

export interface Deps {
  /** What the activities see; keys, proofs and clients stay inside. */
  ports: MigrationPorts
  /** The ports of one customer's uploads, for tools that migrate uploads outside Temporal. */
  uploadPorts(customer: string): UploadMigrationPorts
  /** The ports of the per-space and per-customer steps, for the same tools. */
  gatewayAuth: GatewayAuthPorts
  /** The gateway step's ports and the upload service's `ucan/revoke`, for `rollback`. */
  revoke: RevokePorts
  spaces: MigrationSpacePorts
  /** One circuit breaker per outside service, by the name operators use in `--rate-limit`. */
  breakers: Map<string, CircuitBreaker>
  /** Closes the AWS clients and the HTTP pool (after the requests in flight). */
  close(): Promise<void>
}

const DEFAULT_TIMEOUT_MS = 30_000

/**
 * Connections per origin for a worker running `activities` at once: each page keeps up to the
 * default upload concurrency of requests in flight to a service. A cap, not a pre-opened pool.
 */
export const connectionsFor = (activities: number) =>
  Math.max(1, activities) * DEFAULT_TUNING.uploadConcurrency

/**
 * The composition root: the one place that builds clients, reads credentials and wraps `fetch`.
 * Everything is built once per worker from configuration; the steps get ports only.
 */
export async function createDeps(
  config: MigrationConfig,
  options: DepsOptions = {}
): Promise<Deps> {
  const { services, publishing, signing } = config
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const pool = createHttpPool({
    connectionsPerOrigin:
      options.connectionsPerOrigin ??
      connectionsFor(DEFAULT_WORKER_TUNING.maxConcurrentActivities),
    timeoutMs,
  })
  const metrics = options.metrics ?? NO_METRICS
  const fetch = rateLimitedFetch(
    options.rateLimits ?? new Map(),
    services,
    meteredFetch(
      metrics,
      serviceOfOrigin(services),
      options.fetch ?? pool.fetch
    ),
    metrics
  )
  const http = { timeoutMs, fetch }
  const breakers = new Map<string, CircuitBreaker>()
  /** The port with every call through its service's breaker. */
  const guard = <T extends object>(service: string, port: T): T => {
    const breaker =
      breakers.get(service) ??
      new CircuitBreaker(service, options.breaker ?? DEFAULT_BREAKER, metrics)
    breakers.set(service, breaker)
    return guarded(port, breaker)
  }
  const dynamo = createDynamoClient(config.dynamo)
  meterAwsClient(dynamo.middlewareStack, 'dynamodb', metrics)
  const tables = useTables(dynamo, config.dynamo.tables)
  /** An AWS client's options for an endpoint (the SDK's own when unset). */
  const aws = (endpoint: string | undefined) => ({
    region: config.dynamo.region,
    endpoint,
    credentials: awsCredentialsFor(endpoint),
    requestTimeoutMs: timeoutMs,
  })
  const s3 = createS3Client(aws(publishing.s3Endpoint))
  const sqs = createSqsClient(aws(publishing.sqsEndpoint))
  const r2 = signing.r2 && createR2Client(signing.r2, timeoutMs)
  meterAwsClient(s3.middlewareStack, 's3', metrics)
  meterAwsClient(sqs.middlewareStack, 'sqs', metrics)
  if (r2) meterAwsClient(r2.middlewareStack, 'r2', metrics)
  const indexer = guard(
    'indexer',
    createIndexer({
      ...services.indexer,
      proof: await parseProof(signing.indexingServiceProof),
      ...http,
    })
  )
  const uploadServiceSigner = ed25519
    .parse(signing.uploadServiceKey)
    .withDID(asDid(services.upload.did))
  const gatewayAuth: GatewayAuthPorts = {
    gateway: guard('gateway', createGateway(services.gateway, http)),
    delegationTable: tables.delegation,
    delegationStore: new S3BlobStore(s3, signing.delegationBucket, 'gateway'),
    r2:
      r2 && signing.r2
        ? new S3BlobStore(r2, signing.r2.bucket, 'gateway')
        : undefined,
    signers: {
      gateway: ed25519
        .parse(signing.gatewayKey)
        .withDID(asDid(services.gateway.did)),
      uploadService: uploadServiceSigner,
      migrationAgent: ed25519.parse(signing.migrationAgentKey),
    },
  }
  const spaces: MigrationSpacePorts = {
    tables,
    delegationStore: new S3BlobStore(s3, signing.delegationBucket, 'space'),
    encryptionKey: signing.encryptionKey,
    uploadServiceDid: services.upload.did,
  }
  const ipniQueue = ({
    bucket,
    queueUrl,
  }: {
    bucket: string
    queueUrl: string
  }) => new SqsIpniQueue(sqs, queueUrl, new S3BlobStore(s3, bucket, 'claims'))
  const shared: Omit<UploadMigrationPorts, 'migrationSpace'> = {
    indexer,
    indexWorker: guard(
      'index-worker',
      createIndexWorker({ url: services.indexWorkerUrl, ...http })
    ),
    uploadService: guard(
      'upload-service',
      createUploadService({ ...services.upload, ...http })
    ),
    sizes: { allocation: tables.allocation, store: tables.store },
    claims: {
      uploadServiceSigner,
      claimsBucket: guard(
        'claims-bucket',
        new S3BlobStore(s3, publishing.claimsBucket, 'claims')
      ),
      ipni: {
        blob: ipniQueue(publishing.ipni.blob),
        store: ipniQueue(publishing.ipni.store),
      },
      carpark: guard(
        'carpark',
        createCarpark({ ...services.carpark, ...http })
      ),
      piriUrl: services.piri.url,
      peerIds: publishing.peerIds,
    },
  }
  const migrationSpaceOf = cachedMigrationSpaces(spaces)
  const uploadPorts = (customer: string): UploadMigrationPorts => ({
    ...shared,
    migrationSpace: async () => (await migrationSpaceOf(customer)).signer,
  })
  return {
    ports: {
      tables,
      surveyUploads: (uploads, mode) => surveyUploads(shared, uploads, mode),
      migrateUpload: (customer, upload, mode, context) =>
        migrateUpload(uploadPorts(customer), upload, mode, context),
      verifyOutcomes: (outcomes, mode) =>
        verifyOutcomes(shared, outcomes, mode),
      authorizeSpace: (customer, space) =>
        authorizeSpaceOnce(
          { ...gatewayAuth, progress: tables.migrationProgress },
          { customer, space }
        ),
      migrationSpace: async (customer) => {
        const space = await migrationSpaceOf(customer)
        return { did: space.did, note: space.delegationSkipped }
      },
    },
    uploadPorts,
    gatewayAuth,
    revoke: {
      ...gatewayAuth,
      revocations: createRevocations({ ...services.upload, ...http }),
    },
    spaces,
    breakers,
    async close() {
      s3.destroy()
      sqs.destroy()
      r2?.destroy()
      dynamo.destroy()
      await pool.close()
    },
  }
}

function createR2Client(r2: R2Config, requestTimeoutMs: number) {
  return createS3Client({
    region: r2.region,
    endpoint: r2.endpoint,
    credentials: {
      accessKeyId: r2.accessKeyId,
      secretAccessKey: r2.secretAccessKey,
    },
    requestTimeoutMs,
  })
}

const asDid = (did: string) => did as `did:${string}:${string}`
