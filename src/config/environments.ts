/** The Storacha deployments this tool can migrate, and the embedded local stack. */
export const STORACHA_ENVS = ['production', 'staging', 'local'] as const
export type StorachaEnv = (typeof STORACHA_ENVS)[number]

export const isStorachaEnv = (value: string): value is StorachaEnv =>
  (STORACHA_ENVS as readonly string[]).includes(value)

/**
 * Default values per environment, keyed by the environment variable that overrides them.
 * Production and staging are the real deployments (reference study §1.7). The migration tables
 * follow the same environment as the service tables: the original resolved them to `prod`
 * whenever STORACHA_ENV was not exactly `staging`, so an unset variable mixed staging services
 * with production progress rows.
 */
export const PRESETS: Record<StorachaEnv, Readonly<Record<string, string>>> = {
  production: {
    AWS_REGION: 'us-west-2',
    ...tableNames('prod-w3infra', 'prod'),
    CARPARK_PUBLIC_URL: 'https://carpark-prod-0.r2.w3s.link',
    CLAIMS_BUCKET: 'prod-storage-claim-store-bucket',
    IPNI_BLOB_PUBLISHING_BUCKET: 'prod-storage-ipni-publisher',
    IPNI_STORE_PUBLISHING_BUCKET: 'store-protocol-storage-ipni-publisher',
    IPNI_BLOB_PUBLISHING_QUEUE:
      'https://sqs.us-west-2.amazonaws.com/505595374361/prod-storage-ipni-publisher.fifo',
    IPNI_STORE_PUBLISHING_QUEUE:
      'https://sqs.us-west-2.amazonaws.com/505595374361/store-protocol-storage-ipni-publisher.fifo',
    DELEGATION_BUCKET_NAME: 'delegation-production-0',
    INDEXING_SERVICE_URL: 'https://indexer.storacha.network',
    INDEXING_SERVICE_DID: 'did:web:indexer.storacha.network',
    INDEX_WORKER_URL:
      'https://index-worker-carpark-production.protocol-labs.workers.dev',
    CONTENT_CLAIMS_SERVICE_URL: 'https://claims.web3.storage',
    CLAIMS_SERVICE_DID: 'did:web:claims.web3.storage',
    UPLOAD_SERVICE_URL: 'https://up.storacha.network',
    UPLOAD_SERVICE_DID: 'did:web:up.storacha.network',
    GATEWAY_SERVICE_URL: 'https://w3s.link',
    GATEWAY_SERVICE_DID: 'did:web:w3s.link',
    PIRI_SERVICE_URL: 'https://storage.storacha.network',
    PIRI_SERVICE_DID: 'did:web:storage.storacha.network',
    PIRI_PEER_ID: '12D3KooWLiYS7k5GnBcngSRHemu98HQ1yqzJdYQcqqa2kpDDX9hf',
    STORE_PIRI_PEER_ID: '12D3KooWRtp2RJzFqWxUa2nrHbuEBuAEJMy7XNdnehB32PyL3dJQ',
  },
  staging: {
    AWS_REGION: 'us-east-2',
    ...tableNames('staging-w3infra', 'staging'),
    CARPARK_PUBLIC_URL: 'https://carpark-staging-0.r2.w3s.link',
    CLAIMS_BUCKET: 'staging-storage-claim-store-bucket',
    IPNI_BLOB_PUBLISHING_BUCKET: 'staging-storage-ipni-publisher',
    IPNI_STORE_PUBLISHING_BUCKET:
      'store-protocol-staging-storage-ipni-publisher',
    IPNI_BLOB_PUBLISHING_QUEUE:
      'https://sqs.us-east-2.amazonaws.com/505595374361/staging-storage-ipni-publisher.fifo',
    IPNI_STORE_PUBLISHING_QUEUE:
      'https://sqs.us-east-2.amazonaws.com/505595374361/store-protocol-staging-storage-ipni-publisher.fifo',
    DELEGATION_BUCKET_NAME: 'delegation-staging-0',
    INDEXING_SERVICE_URL: 'https://staging.indexer.storacha.network',
    INDEXING_SERVICE_DID: 'did:web:staging.indexer.storacha.network',
    INDEX_WORKER_URL:
      'https://index-worker-carpark-staging.protocol-labs.workers.dev',
    CONTENT_CLAIMS_SERVICE_URL: 'https://staging.claims.web3.storage',
    CLAIMS_SERVICE_DID: 'did:web:staging.claims.web3.storage',
    UPLOAD_SERVICE_URL: 'https://staging.up.storacha.network',
    UPLOAD_SERVICE_DID: 'did:web:staging.up.storacha.network',
    GATEWAY_SERVICE_URL: 'https://staging.w3s.link',
    GATEWAY_SERVICE_DID: 'did:web:staging.w3s.link',
    PIRI_SERVICE_URL: 'https://staging.storage.storacha.network',
    PIRI_SERVICE_DID: 'did:web:staging.storage.storacha.network',
    PIRI_PEER_ID: '12D3KooWPMQTKSMA3eFUxc23gBfMHEgzfk7W1TBezKNsBwPMRLQ7',
    STORE_PIRI_PEER_ID: '12D3KooWBvQHQbfyBdpmvugFoVL6SU2t7FZMwAyU3Xv6fEEPVVUp',
  },
  /**
   * The embedded stack: DynamoDB Local and the sandbox services. Service URLs, endpoints and keys
   * are not guessed here; the stack and the sandbox write them into an env file at start.
   */
  local: {
    AWS_REGION: 'us-east-1',
    ...tableNames('local-w3infra', 'local'),
    CLAIMS_BUCKET: 'local-claim-store-bucket',
    IPNI_BLOB_PUBLISHING_BUCKET: 'local-ipni-publisher',
    IPNI_STORE_PUBLISHING_BUCKET: 'local-store-protocol-ipni-publisher',
    DELEGATION_BUCKET_NAME: 'local-delegation-0',
    INDEXING_SERVICE_DID: 'did:web:indexer.local',
    CLAIMS_SERVICE_DID: 'did:web:claims.local',
    UPLOAD_SERVICE_DID: 'did:web:up.local',
    GATEWAY_SERVICE_DID: 'did:web:gateway.local',
    PIRI_SERVICE_DID: 'did:web:storage.local',
  },
}

function tableNames(
  servicePrefix: string,
  migrationPrefix: string
): Record<string, string> {
  return {
    UPLOAD_TABLE_NAME: `${servicePrefix}-upload`,
    ALLOCATIONS_TABLE_NAME: `${servicePrefix}-allocation`,
    STORE_TABLE_NAME: `${servicePrefix}-store`,
    CONSUMER_TABLE_NAME: `${servicePrefix}-consumer`,
    SUBSCRIPTION_TABLE_NAME: `${servicePrefix}-subscription`,
    DELEGATION_TABLE_NAME: `${servicePrefix}-delegation`,
    MIGRATION_SPACES_TABLE_NAME: `${migrationPrefix}-migration-spaces`,
    MIGRATION_PROGRESS_TABLE_NAME: `${migrationPrefix}-migration-progress`,
    MIGRATION_CUSTOMERS_TABLE_NAME: `${migrationPrefix}-migration-customers`,
    MIGRATION_FAILURES_TABLE_NAME: `${migrationPrefix}-migration-failures`,
  }
}
