import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ed25519 } from '@ucanto/principal'
import { delegate } from '@ucanto/core'
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { base64 } from 'multiformats/bases/base64'
import { ConfigError, loadConfig } from '../../src/config/index.js'

const indexer = await ed25519.generate()
const uploadService = await ed25519.generate()
const KEY = ed25519.format(uploadService)
/** A claim/cache delegation in the form `@storacha/client/proof` parses (CAR in an identity CID). */
const PROOF = await (async () => {
  const proof = await delegate({
    issuer: indexer,
    audience: uploadService,
    capabilities: [{ can: 'claim/cache', with: indexer.did() }],
  })
  const car = await proof.archive()
  if (car.error) throw car.error
  return CID.create(1, 0x0202, identity.digest(car.ok)).toString(base64)
})()
const AES_KEY = Buffer.alloc(32, 7).toString('base64')

const problemsOf = (fn: () => unknown): readonly string[] => {
  try {
    fn()
  } catch (err) {
    assert.ok(
      err instanceof ConfigError,
      `expected a ConfigError, got ${String(err)}`
    )
    return err.problems
  }
  assert.fail('expected the configuration to be rejected')
}

describe('loadConfig', () => {
  it('defaults to the local environment, never to a real deployment', () => {
    const config = loadConfig({})
    assert.equal(config.env, 'local')
  })

  it('gives production its region, tables and services, migration tables included', () => {
    const config = loadConfig({ STORACHA_ENV: 'production' }, [
      'dynamo',
      'services',
      'publishing',
    ])
    assert.equal(config.dynamo.region, 'us-west-2')
    assert.equal(config.dynamo.tables.upload, 'prod-w3infra-upload')
    assert.equal(config.dynamo.tables.allocation, 'prod-w3infra-allocation')
    assert.equal(
      config.dynamo.tables.migrationProgress,
      'prod-migration-progress'
    )
    assert.equal(config.dynamo.endpoint, undefined)
    assert.equal(
      config.services.indexer.did,
      'did:web:indexer.storacha.network'
    )
    assert.equal(
      config.services.carpark.blobUrl,
      'https://carpark-prod-0.r2.w3s.link'
    )
    assert.equal(
      config.publishing.claimsBucket,
      'prod-storage-claim-store-bucket'
    )
  })

  it('keeps staging services and staging migration tables together', () => {
    const config = loadConfig({ STORACHA_ENV: 'staging' }, [
      'dynamo',
      'services',
    ])
    assert.equal(config.dynamo.tables.upload, 'staging-w3infra-upload')
    assert.equal(
      config.dynamo.tables.migrationProgress,
      'staging-migration-progress'
    )
    assert.equal(
      config.dynamo.tables.migrationCustomers,
      'staging-migration-customers'
    )
    assert.equal(
      config.services.upload.url,
      'https://staging.up.storacha.network'
    )
  })

  it('lets every value be overridden by its variable', () => {
    const config = loadConfig(
      {
        STORACHA_ENV: 'staging',
        UPLOAD_TABLE_NAME: 'my-uploads',
        STORE_CARPARK_PUBLIC_URL: 'https://store.example',
      },
      ['dynamo', 'services']
    )
    assert.equal(config.dynamo.tables.upload, 'my-uploads')
    assert.equal(config.services.carpark.storeUrl, 'https://store.example')
    assert.equal(
      config.services.carpark.blobUrl,
      'https://carpark-staging-0.r2.w3s.link'
    )
  })

  it('rejects an unknown environment, naming the variable', () => {
    const problems = problemsOf(() => loadConfig({ STORACHA_ENV: 'prod' }))
    assert.deepEqual(problems, [
      'STORACHA_ENV must be one of production, staging, local (got "prod")',
    ])
  })

  it('reports every problem at once, one line each', () => {
    const problems = problemsOf(() =>
      loadConfig(
        {
          STORACHA_ENV: 'production',
          INDEXING_SERVICE_URL: 'not a url',
          AWS_REGION: 'west',
        },
        ['dynamo']
      )
    )
    assert.equal(problems.length, 2)
    assert.match(problems.join('\n'), /^AWS_REGION must be an AWS region/m)
    assert.match(
      problems.join('\n'),
      /^INDEXING_SERVICE_URL must be an http\(s\) URL/m
    )
  })

  it('requires what a command needs and nothing more', () => {
    assert.doesNotThrow(() =>
      loadConfig({ STORACHA_ENV: 'production' }, ['dynamo'])
    )
    const problems = problemsOf(() =>
      loadConfig({ STORACHA_ENV: 'production' }, ['signing'])
    )
    assert.deepEqual(
      problems.map((p) => p.split(' (')[0]),
      [
        'Missing env var: UPLOAD_SERVICE_PRIVATE_KEY',
        'Missing env var: GATEWAY_PRIVATE_KEY',
        'Missing env var: MIGRATION_AGENT_PRIVATE_KEY',
        'Missing env var: INDEXING_SERVICE_PROOF',
        'Missing env var: MIGRATION_ENCRYPTION_KEY',
      ]
    )
  })

  it('requires the DynamoDB endpoint only on the local stack', () => {
    const problems = problemsOf(() =>
      loadConfig({ STORACHA_ENV: 'local' }, ['dynamo'])
    )
    assert.match(problems[0] ?? '', /^Missing env var: DYNAMODB_ENDPOINT/)
    const config = loadConfig(
      { STORACHA_ENV: 'local', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' },
      ['dynamo']
    )
    assert.equal(
      config.dynamo.tables.migrationFailures,
      'local-migration-failures'
    )
  })

  it('accepts well-formed keys and decodes the encryption key', () => {
    const config = loadConfig(
      {
        STORACHA_ENV: 'production',
        UPLOAD_SERVICE_PRIVATE_KEY: KEY,
        GATEWAY_PRIVATE_KEY: KEY,
        MIGRATION_AGENT_PRIVATE_KEY: KEY,
        INDEXING_SERVICE_PROOF: PROOF,
        MIGRATION_ENCRYPTION_KEY: AES_KEY,
      },
      ['signing']
    )
    assert.equal(config.signing.encryptionKey.length, 32)
    assert.equal(config.signing.delegationBucket, 'delegation-production-0')
  })

  it('rejects malformed keys without printing them', () => {
    const secret = 'MgCZsecretsecret'
    const problems = problemsOf(() =>
      loadConfig({
        STORACHA_ENV: 'staging',
        GATEWAY_PRIVATE_KEY: secret,
        MIGRATION_ENCRYPTION_KEY: 'c2hvcnQ=',
      })
    )
    assert.equal(problems.length, 2)
    assert.match(
      problems[0] ?? '',
      /^GATEWAY_PRIVATE_KEY must be an ed25519 private key/
    )
    assert.match(
      problems[1] ?? '',
      /^MIGRATION_ENCRYPTION_KEY must be 32 random bytes/
    )
    assert.ok(!problems.join('\n').includes(secret))
    assert.ok(!problems.join('\n').includes('c2hvcnQ='))
  })

  it('reads the old names from the original .env.example, with a warning', () => {
    const config = loadConfig(
      { STORACHA_ENV: 'staging', ALLOCATION_TABLE_NAME: 'alloc' },
      ['dynamo']
    )
    assert.equal(config.dynamo.tables.allocation, 'alloc')
    assert.deepEqual(config.warnings, [
      'ALLOCATION_TABLE_NAME is an old name: rename it to ALLOCATIONS_TABLE_NAME',
    ])
    const problems = problemsOf(() =>
      loadConfig({
        STORACHA_ENV: 'staging',
        ALLOCATION_TABLE_NAME: 'a',
        ALLOCATIONS_TABLE_NAME: 'b',
      })
    )
    assert.match(
      problems[0] ?? '',
      /ALLOCATIONS_TABLE_NAME and its old name ALLOCATION_TABLE_NAME/
    )
  })

  it('refuses DRY_RUN, which never prevented a write, and warns about other dead settings', () => {
    const problems = problemsOf(() => loadConfig({ DRY_RUN: 'true' }))
    assert.match(
      problems[0] ?? '',
      /^DRY_RUN is not used by this tool: use `migrate --verify-only`/
    )
    const config = loadConfig({ BATCH_SIZE: '100', PIRI_PRIVATE_KEY: 'x' })
    assert.equal(config.warnings.length, 2)
  })

  it('wants R2 credentials complete or absent', () => {
    const problems = problemsOf(() =>
      loadConfig({ R2_ENDPOINT: 'https://r2.example' })
    )
    assert.match(
      problems[0] ?? '',
      /go together: missing R2_DELEGATION_BUCKET_NAME, R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY/
    )
  })

  it('connects to Temporal with TLS when an API key is given', () => {
    const plain = loadConfig({}, ['temporal'])
    assert.deepEqual(
      {
        address: plain.temporal.address,
        tls: plain.temporal.tls,
        taskQueue: plain.temporal.taskQueue,
      },
      {
        address: 'localhost:7233',
        tls: false,
        taskQueue: 'legacy-migration-local',
      }
    )
    const cloud = loadConfig(
      {
        STORACHA_ENV: 'production',
        TEMPORAL_API_KEY: 'k',
        TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233',
      },
      ['temporal']
    )
    assert.equal(cloud.temporal.tls, true)
    assert.equal(cloud.temporal.taskQueue, 'legacy-migration-production')
  })
})
