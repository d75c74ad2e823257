import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { delegate } from '@ucanto/core'
import { formatProof } from '../services/indexer/proof.js'
import { FsBlobStore, MemoryBlobStore } from '../services/object-store/local.js'
import { createS3Client, S3BlobStore } from '../services/object-store/s3.js'
import type { BlobStore } from '../services/object-store/types.js'
import { startCarpark } from './carpark.js'
import { didKeysOf, type Gateway, startGateway } from './gateway/index.js'
import type { HttpService } from './http-service.js'
import { sandboxIdentities, type SandboxIdentities } from './identities.js'
import { startIndexWorker } from './index-worker.js'
import type { IndexingService } from './indexing-service/api.js'
import { startIndexingService } from './indexing-service/index.js'
import { Ledger } from './ledger.js'
import { peerIdOf } from './peer-id.js'
import { type S3SqsEmulator, startS3SqsEmulator } from './s3-sqs-emulator.js'
import { servableThroughIndexer } from './servability.js'
import { type UploadService, startUploadService } from './upload-service.js'

export interface SandboxOptions {
  /** Keys and DIDs derive from it, so an env file stays valid across restarts with the same seed. */
  seed?: string
  /** Keep the carpark as files here; in memory when unset. */
  dir?: string
  /** Blocks per index-worker response before it ends early (clients must resume). */
  indexWorkerMaxBlocks?: number
}

/** Bucket and queue names of the sandbox, as the local preset knows them. */
export const SANDBOX_BUCKETS = {
  claims: 'local-claim-store-bucket',
  ipniBlob: 'local-ipni-publisher',
  ipniStore: 'local-store-protocol-ipni-publisher',
  delegations: 'local-delegation-0',
} as const
export const SANDBOX_QUEUES = {
  ipniBlob: 'local-ipni-publisher.fifo',
  ipniStore: 'local-store-protocol-ipni-publisher.fifo',
} as const

export interface Sandbox {
  ids: SandboxIdentities
  ledger: Ledger
  carpark: { service: HttpService; store: BlobStore }
  indexWorker: HttpService
  indexer: IndexingService
  uploadService: UploadService
  gateway: Gateway
  s3sqs: S3SqsEmulator
  /** The delegation bucket (space-to-account delegations), on the S3 emulator. */
  delegations: BlobStore
  /** Every variable a client needs to use this sandbox, under the names the configuration reads. */
  env: Record<string, string>
  close(): Promise<void>
}

/** Starts every sandbox service on free local ports. */
export async function startSandbox(
  options: SandboxOptions = {}
): Promise<Sandbox> {
  const ids = await sandboxIdentities(options.seed)
  const ledger = new Ledger()
  const stopping: (() => Promise<void>)[] = []
  const started = <T extends { close(): Promise<void> }>(service: T) => (
    stopping.push(() => service.close()),
    service
  )
  const close = async () => {
    for (const stop of stopping.reverse()) await stop()
  }
  try {
    const store = options.dir
      ? new FsBlobStore(join(options.dir, 'carpark'))
      : new MemoryBlobStore()
    const carpark = started(await startCarpark(store))
    const indexWorker = started(
      await startIndexWorker({
        store,
        maxBlocksPerResponse: options.indexWorkerMaxBlocks,
      })
    )
    const didKeys = didKeysOf([ids.uploadService, ids.gateway, ids.indexer])
    const indexer = started(
      await startIndexingService({ signer: ids.indexer, ledger, didKeys })
    )
    const uploadService = started(
      await startUploadService({
        signer: ids.uploadService,
        ledger,
        indexer: { url: indexer.url, did: indexer.did },
        didKeys,
      })
    )
    const gateway = started(
      await startGateway({
        signer: ids.gateway,
        ledger,
        didKeys,
        revocations: uploadService.revocations,
        isServable: servableThroughIndexer(indexer.url),
      })
    )
    const s3sqs = await startS3SqsEmulator({
      buckets: Object.values(SANDBOX_BUCKETS),
      fifoQueues: Object.values(SANDBOX_QUEUES),
    })
    stopping.push(() => s3sqs.stop())
    const s3 = createS3Client({
      region: 'us-east-1',
      endpoint: s3sqs.endpoint,
      credentials: LOCAL_CREDENTIALS,
    })
    stopping.push(async () => s3.destroy())
    const delegations = new S3BlobStore(s3, SANDBOX_BUCKETS.delegations)
    const env = await sandboxEnv({
      ids,
      carpark,
      indexWorker,
      indexer,
      uploadService,
      gateway,
      s3sqs,
    })
    return {
      ids,
      ledger,
      carpark: { service: carpark, store },
      indexWorker,
      indexer,
      uploadService,
      gateway,
      s3sqs,
      delegations,
      env,
      close,
    }
  } catch (err) {
    await close()
    throw err
  }
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

async function sandboxEnv(s: {
  ids: SandboxIdentities
  carpark: HttpService
  indexWorker: HttpService
  indexer: IndexingService
  uploadService: UploadService
  gateway: Gateway
  s3sqs: S3SqsEmulator
}): Promise<Record<string, string>> {
  const { ids } = s
  return {
    STORACHA_ENV: 'local',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    CARPARK_PUBLIC_URL: s.carpark.url,
    INDEX_WORKER_URL: s.indexWorker.url,
    INDEXING_SERVICE_URL: s.indexer.url,
    INDEXING_SERVICE_DID: ids.indexer.did(),
    CONTENT_CLAIMS_SERVICE_URL: s.indexer.url,
    CLAIMS_SERVICE_DID: ids.indexer.did(),
    UPLOAD_SERVICE_URL: s.uploadService.url,
    UPLOAD_SERVICE_DID: ids.uploadService.did(),
    GATEWAY_SERVICE_URL: s.gateway.url,
    GATEWAY_SERVICE_DID: ids.gateway.did(),
    PIRI_SERVICE_URL: s.uploadService.storageNodes[0] ?? s.carpark.url,
    PIRI_SERVICE_DID: ids.storageNode.did(),
    PIRI_PEER_ID: peerIdOf(ids.storageNode),
    STORE_PIRI_PEER_ID: peerIdOf(ids.storageNode),
    S3_ENDPOINT: s.s3sqs.endpoint,
    SQS_ENDPOINT: s.s3sqs.endpoint,
    CLAIMS_BUCKET: SANDBOX_BUCKETS.claims,
    IPNI_BLOB_PUBLISHING_BUCKET: SANDBOX_BUCKETS.ipniBlob,
    IPNI_STORE_PUBLISHING_BUCKET: SANDBOX_BUCKETS.ipniStore,
    IPNI_BLOB_PUBLISHING_QUEUE: s.s3sqs.queueUrl(SANDBOX_QUEUES.ipniBlob),
    IPNI_STORE_PUBLISHING_QUEUE: s.s3sqs.queueUrl(SANDBOX_QUEUES.ipniStore),
    DELEGATION_BUCKET_NAME: SANDBOX_BUCKETS.delegations,
    UPLOAD_SERVICE_PRIVATE_KEY: ids.privateKeys.uploadService,
    GATEWAY_PRIVATE_KEY: ids.privateKeys.gateway,
    MIGRATION_AGENT_PRIVATE_KEY: ids.privateKeys.migrationAgent,
    INDEXING_SERVICE_PROOF: await indexingServiceProof(ids),
    MIGRATION_ENCRYPTION_KEY: Buffer.from(ids.encryptionKey).toString('base64'),
  }
}

/**
 * `claim/cache` delegated by the indexer to the upload service's key as a did:key: the real
 * indexer derives the provider's peer ID from the issuer, so the call cannot be made as a did:web.
 */
async function indexingServiceProof(ids: SandboxIdentities): Promise<string> {
  const proof = await delegate({
    issuer: ids.indexer,
    audience: { did: () => ids.uploadService.toDIDKey() },
    capabilities: [{ can: 'claim/cache', with: ids.indexer.did() }],
    expiration: Infinity,
  })
  return formatProof(proof)
}

/** Writes `env` as KEY=value lines (for `set -a; . FILE` or ENV_FILE=FILE). */
export function writeEnvFile(path: string, env: Record<string, string>): void {
  writeFileSync(
    path,
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
    { mode: 0o600 }
  )
}
