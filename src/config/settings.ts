import {
  aes256Key,
  anyText,
  awsRegion,
  booleanFlag,
  type Check,
  delegationProof,
  did,
  ed25519PrivateKey,
  hostPort,
  httpUrl,
  peerId,
  tableName,
} from './checks.js'

/**
 * What a command needs from the configuration. A setting that belongs to a need is required
 * only when the running command declares that need: the monitor needs DynamoDB, not keys.
 */
export type Need = 'dynamo' | 'temporal' | 'services' | 'publishing' | 'signing'

export interface Setting {
  /** The environment variable, the one name documented and read. */
  name: string
  /** One line for `config --help`, the README and .env.example. */
  doc: string
  check: Check
  /** Required when the command needs this; otherwise optional. */
  need?: Need
  /** Required only on the local stack (e.g. endpoints that replace AWS). */
  localOnly?: boolean
  /** Never printed, logged, or put into workflow history. */
  secret?: boolean
  /** Older names an operator's env file may still use (from the original's .env.example). */
  aliases?: readonly string[]
  /** Used when neither the variable nor the environment preset gives a value. */
  fallback?:
    | string
    | ((
        values: Readonly<Record<string, string | undefined>>
      ) => string | undefined)
}

const table = (name: string, doc: string): Setting => ({
  name,
  doc,
  check: tableName,
  need: 'dynamo',
})

export const SETTINGS: readonly Setting[] = [
  {
    name: 'AWS_REGION',
    doc: 'AWS region of the tables, buckets and queues',
    check: awsRegion,
    need: 'dynamo',
  },
  {
    name: 'DYNAMODB_ENDPOINT',
    doc: 'DynamoDB endpoint; set by the local stack, leave unset for AWS',
    check: httpUrl,
    need: 'dynamo',
    localOnly: true,
  },
  {
    name: 'S3_ENDPOINT',
    doc: 'S3 endpoint for the claims and IPNI buckets; unset for AWS',
    check: httpUrl,
  },
  {
    name: 'SQS_ENDPOINT',
    doc: 'SQS endpoint for the IPNI queues; unset for AWS',
    check: httpUrl,
  },

  table('UPLOAD_TABLE_NAME', 'legacy uploads: space, root, shards'),
  {
    ...table(
      'ALLOCATIONS_TABLE_NAME',
      'blob allocations: shard sizes by multihash'
    ),
    aliases: ['ALLOCATION_TABLE_NAME'],
  },
  table('STORE_TABLE_NAME', 'store-protocol CARs: shard sizes by CAR CID'),
  table('CONSUMER_TABLE_NAME', 'space provisioning: space to customer'),
  table('SUBSCRIPTION_TABLE_NAME', 'customer subscriptions'),
  table('DELEGATION_TABLE_NAME', 'stored delegations, by issuer'),
  table(
    'MIGRATION_SPACES_TABLE_NAME',
    'migration space per customer (encrypted key)'
  ),
  table(
    'MIGRATION_PROGRESS_TABLE_NAME',
    'progress per space, read by the monitor'
  ),
  table(
    'MIGRATION_CUSTOMERS_TABLE_NAME',
    'progress and assignment per customer'
  ),
  table(
    'MIGRATION_FAILURES_TABLE_NAME',
    'failed uploads with step, reason and error, for re-driving'
  ),

  {
    name: 'CARPARK_PUBLIC_URL',
    doc: 'public URL of the carpark bucket',
    check: httpUrl,
    need: 'services',
  },
  {
    name: 'BLOB_CARPARK_PUBLIC_URL',
    doc: 'carpark URL for blob-protocol shards (default CARPARK_PUBLIC_URL)',
    check: httpUrl,
    need: 'services',
    fallback: (v) => v.CARPARK_PUBLIC_URL,
  },
  {
    name: 'STORE_CARPARK_PUBLIC_URL',
    doc: 'carpark URL for store-protocol shards (default CARPARK_PUBLIC_URL)',
    check: httpUrl,
    need: 'services',
    fallback: (v) => v.CARPARK_PUBLIC_URL,
  },
  {
    name: 'INDEXING_SERVICE_URL',
    doc: 'indexing service',
    check: httpUrl,
    need: 'services',
  },
  {
    name: 'INDEXING_SERVICE_DID',
    doc: 'indexing service DID',
    check: did,
    need: 'services',
  },
  {
    name: 'INDEX_WORKER_URL',
    doc: 'index worker (GET /index/<key>?offset=N)',
    check: httpUrl,
    need: 'services',
  },
  {
    name: 'CONTENT_CLAIMS_SERVICE_URL',
    doc: 'content claims service',
    check: httpUrl,
    need: 'services',
  },
  {
    name: 'CLAIMS_SERVICE_DID',
    doc: 'content claims service DID',
    check: did,
    need: 'services',
  },
  {
    name: 'UPLOAD_SERVICE_URL',
    doc: 'upload service (space/blob/add)',
    check: httpUrl,
    need: 'services',
  },
  {
    name: 'UPLOAD_SERVICE_DID',
    doc: 'upload service DID, signer of location claims',
    check: did,
    need: 'services',
  },
  {
    name: 'GATEWAY_SERVICE_URL',
    doc: 'gateway (access/delegate)',
    check: httpUrl,
    need: 'services',
  },
  {
    name: 'GATEWAY_SERVICE_DID',
    doc: 'gateway DID',
    check: did,
    need: 'services',
  },
  {
    name: 'PIRI_SERVICE_URL',
    doc: 'storage node URL used in claim addresses',
    check: httpUrl,
    need: 'services',
  },
  {
    name: 'PIRI_SERVICE_DID',
    doc: 'storage node DID',
    check: did,
    need: 'services',
  },
  {
    name: 'PIRI_PEER_ID',
    doc: 'IPNI provider peer ID for blob-protocol shards',
    check: peerId,
    need: 'publishing',
  },
  {
    name: 'STORE_PIRI_PEER_ID',
    doc: 'IPNI provider peer ID for store-protocol shards',
    check: peerId,
    need: 'publishing',
  },

  {
    name: 'CLAIMS_BUCKET',
    doc: 'S3 bucket of location-claim CARs',
    check: anyText,
    need: 'publishing',
    aliases: ['CLAIM_SERVICE_BUCKET'],
  },
  {
    name: 'IPNI_BLOB_PUBLISHING_BUCKET',
    doc: 'S3 bucket of IPNI jobs (blob)',
    check: anyText,
    need: 'publishing',
  },
  {
    name: 'IPNI_STORE_PUBLISHING_BUCKET',
    doc: 'S3 bucket of IPNI jobs (store)',
    check: anyText,
    need: 'publishing',
  },
  {
    name: 'IPNI_BLOB_PUBLISHING_QUEUE',
    doc: 'SQS FIFO queue URL of IPNI jobs (blob)',
    check: httpUrl,
    need: 'publishing',
  },
  {
    name: 'IPNI_STORE_PUBLISHING_QUEUE',
    doc: 'SQS FIFO queue URL of IPNI jobs (store)',
    check: httpUrl,
    need: 'publishing',
  },
  {
    name: 'DELEGATION_BUCKET_NAME',
    doc: 'S3 bucket of delegation CARs (fallback to R2)',
    check: anyText,
    need: 'signing',
  },
  {
    name: 'R2_DELEGATION_BUCKET_NAME',
    doc: 'R2 bucket of delegation CARs',
    check: anyText,
  },
  { name: 'R2_ENDPOINT', doc: 'R2 S3-compatible endpoint', check: httpUrl },
  { name: 'R2_REGION', doc: 'R2 region', check: awsRegion, fallback: 'auto' },
  {
    name: 'R2_ACCESS_KEY_ID',
    doc: 'R2 access key',
    check: anyText,
    secret: true,
  },
  {
    name: 'R2_SECRET_ACCESS_KEY',
    doc: 'R2 secret key',
    check: anyText,
    secret: true,
  },

  {
    name: 'UPLOAD_SERVICE_PRIVATE_KEY',
    doc: 'upload service signing key: signs location claims and attestations',
    check: ed25519PrivateKey,
    need: 'signing',
    secret: true,
    aliases: ['SERVICE_PRIVATE_KEY'],
  },
  {
    name: 'GATEWAY_PRIVATE_KEY',
    doc: 'gateway signing key: attests content-serve delegations',
    check: ed25519PrivateKey,
    need: 'signing',
    secret: true,
  },
  {
    name: 'MIGRATION_AGENT_PRIVATE_KEY',
    doc: 'the migration agent key (did:key) that owns migration spaces',
    check: ed25519PrivateKey,
    need: 'signing',
    secret: true,
  },
  {
    name: 'INDEXING_SERVICE_PROOF',
    doc: 'claim/cache delegation issued by the indexing service (base64 CID)',
    check: delegationProof,
    need: 'signing',
    secret: true,
  },
  {
    name: 'MIGRATION_ENCRYPTION_KEY',
    doc: 'AES-256-GCM key (base64, 32 bytes) encrypting migration-space keys at rest',
    check: aes256Key,
    need: 'signing',
    secret: true,
  },

  {
    name: 'TEMPORAL_ADDRESS',
    doc: 'Temporal frontend host:port',
    check: hostPort,
    need: 'temporal',
    fallback: 'localhost:7233',
  },
  {
    name: 'TEMPORAL_NAMESPACE',
    doc: 'Temporal namespace',
    check: anyText,
    need: 'temporal',
    fallback: 'default',
  },
  {
    name: 'TEMPORAL_TASK_QUEUE',
    doc: 'task queue shared by all workers (per-instance queues: set it per host)',
    check: anyText,
    need: 'temporal',
    fallback: (v) => `legacy-migration-${v.STORACHA_ENV}`,
  },
  {
    name: 'TEMPORAL_UI_URL',
    doc: 'Temporal Web UI base URL, for links to workflows',
    check: httpUrl,
  },
  {
    name: 'TEMPORAL_API_KEY',
    doc: 'Temporal Cloud API key (implies TLS)',
    check: anyText,
    secret: true,
  },
  {
    name: 'TEMPORAL_TLS',
    doc: 'use TLS to reach Temporal (true/false)',
    check: booleanFlag,
  },
  {
    name: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
    doc: 'mTLS client certificate file',
    check: anyText,
  },
  {
    name: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
    doc: 'mTLS client key file',
    check: anyText,
    secret: true,
  },
]

/**
 * Variables the original read or documented but that do nothing, with what to do instead.
 * DRY_RUN is refused outright: its example value `true` promised a run without writes and wrote.
 */
export const DEAD_SETTINGS: Readonly<
  Record<string, { fatal?: boolean; instead: string }>
> = {
  DRY_RUN: {
    fatal: true,
    instead: 'use `migrate --verify-only`, the mode that writes nothing',
  },
  BATCH_SIZE: { instead: 'use `migrate --page-size`' },
  MAX_CONCURRENCY: {
    instead: 'use `migrate --concurrency` and the worker flags',
  },
  PIRI_PRIVATE_KEY: {
    instead: 'remove it: the migration never signs as the storage node',
  },
  ADMIN_PRIVATE_KEY: { instead: 'remove it: nothing signs with an admin key' },
  CLAIMS_SERVICE_PRIVATE_KEY: {
    instead:
      'remove it: location claims are signed with UPLOAD_SERVICE_PRIVATE_KEY',
  },
  BLOB_REGISTRY_TABLE_NAME: {
    instead: 'remove it: the blob registry table is not read',
  },
  CONTENT_CLAIMS_TABLE_NAME: {
    instead: 'remove it: the content-claims table is not read',
  },
  GATEWAY_VALIDATOR_PROOF: {
    instead:
      'remove it: gateway delegations are attested with GATEWAY_PRIVATE_KEY',
  },
  CARPARK_BUCKET: {
    instead: 'set CARPARK_PUBLIC_URL: shards are read over HTTP',
  },
}
