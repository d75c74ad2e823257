import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { TransientError } from '../../src/failures/index.js'
import { authorizeSpaceOnce } from '../../src/migration/gateway/authorize-space-once.js'
import { migrateUpload } from '../../src/migration/migrate-upload.js'
import type { SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import { SANDBOX_QUEUES } from '../../src/sandbox/sandbox.js'
import { sandboxDeps } from '../helpers/sandbox-deps.js'
import { seededSandbox } from '../helpers/seeded-sandbox.js'

const world = await seededSandbox({
  seed: 'migrate-upload',
  customers: 3,
  uploadsPerSpace: 6,
})
const { sandbox, tables, uploads } = world
const { deps: migration } = await sandboxDeps(world)
const depsFor = (upload: SeededUpload) => migration.uploadPorts(upload.customer)

async function migrate(upload: SeededUpload) {
  const row = await tables.upload.get(upload.space, upload.root)
  assert.ok(row)
  return migrateUpload(depsFor(upload), row)
}

const sideEffects = () => ({
  ledger: sandbox.ledger.all().length,
  ipni: Object.values(SANDBOX_QUEUES).reduce(
    (n, q) => n + sandbox.s3sqs.queueMessages(q).length,
    0
  ),
})

const EXPECTED_FAILURES: Record<string, string> = {
  'no-shards-no-index': 'NO_SHARDS_NO_INDEX',
  'missing-size': 'SHARD_SIZE_UNKNOWN',
  'missing-blob': 'SHARD_NOT_FOUND',
}

describe('migrating uploads against the sandbox', () => {
  it('leaves a complete upload untouched: no write at all', async () => {
    const complete = uploads.find(
      (u) => u.state === 'complete' && u.quirk === 'normal'
    )
    assert.ok(complete)
    const before = sideEffects()
    const outcome = await migrate(complete)
    assert.equal(outcome.status, 'already-migrated')
    assert.deepEqual(outcome.wrote, { index: false, claims: [] })
    assert.deepEqual(sideEffects(), before)
  })

  it('migrates every seeded state, and gives each awkward case its own reason', async () => {
    for (const upload of uploads) {
      const outcome = await migrate(upload)
      const expected = EXPECTED_FAILURES[upload.quirk]
      if (expected) {
        assert.equal(outcome.status, 'failed', `${upload.quirk} fails`)
        assert.equal(
          outcome.reason,
          expected,
          `${upload.quirk}: ${outcome.error}`
        )
      } else {
        assert.notEqual(
          outcome.status,
          'failed',
          `${upload.state}/${upload.quirk}: ${outcome.reason} ${outcome.error}`
        )
        assert.equal(
          outcome.wrote.index,
          upload.state === 'not-started' ||
            upload.state === 'claims-only' ||
            upload.state === 'claims-without-space'
        )
      }
    }
  })

  it('does nothing the second time: no duplicate index, claim or advertisement', async () => {
    const before = sideEffects()
    for (const upload of uploads) {
      const outcome = await migrate(upload)
      if (!EXPECTED_FAILURES[upload.quirk])
        assert.equal(
          outcome.status,
          'already-migrated',
          `${upload.state}/${upload.quirk}`
        )
    }
    assert.deepEqual(sideEffects(), before)
  })

  it('makes a migrated upload servable once its space authorized the gateway', async () => {
    const upload = uploads.find(
      (u) =>
        u.state === 'not-started' &&
        u.quirk === 'normal' &&
        u.customer.startsWith('did:mailto:')
    )
    assert.ok(upload)
    const probe = () =>
      fetch(`${sandbox.gateway.url}/ipfs/${upload.root}`, { method: 'HEAD' })
    assert.equal((await probe()).status, 404)
    const once = {
      ...migration.gatewayAuth,
      progress: tables.migrationProgress,
    }
    const target = { customer: upload.customer, space: upload.space }
    const first = await authorizeSpaceOnce(once, target)
    assert.equal(first.already, false)
    assert.equal((await probe()).status, 200)
    const stored = sandbox.ledger.count('delegation-stored', {
      space: upload.space,
    })
    assert.ok(stored > 0)
    const second = await authorizeSpaceOnce(once, target)
    assert.deepEqual(second, { delegation: first.delegation, already: true })
    assert.equal(
      sandbox.ledger.count('delegation-stored', { space: upload.space }),
      stored,
      'not redone'
    )
  })
})

describe('repair mode', () => {
  it('re-publishes claims for every shard when the indexer cannot answer for the upload', async () => {
    const world = await seededSandbox({
      seed: 'repair',
      customers: 1,
      spacesPerCustomer: 1,
      uploadsPerSpace: 4,
    })
    const upload = world.uploads.find((u) => u.state === 'claims-without-space')
    assert.ok(upload)
    const { deps: repair } = await sandboxDeps(world)
    const row = await world.tables.upload.get(upload.space, upload.root)
    assert.ok(row)
    world.sandbox.indexer.faults.next('error')
    const outcome = await migrateUpload(
      repair.uploadPorts(upload.customer),
      row,
      'repair'
    )
    assert.equal(outcome.status, 'migrated')
    assert.deepEqual(
      [...outcome.wrote.claims].sort(),
      [...upload.shards].sort()
    )
    assert.equal(outcome.wrote.index, false)
    world.sandbox.indexer.faults.next('error')
    await assert.rejects(
      migrateUpload(repair.uploadPorts(upload.customer), row, 'full'),
      TransientError
    )
  })
})

describe('two callers on the same upload at once', () => {
  it('publish no duplicate index, claim or advertisement', async () => {
    const world = await seededSandbox({
      seed: 'concurrent',
      customers: 1,
      spacesPerCustomer: 1,
      uploadsPerSpace: 1,
    })
    const upload = world.uploads[0]
    assert.ok(upload && upload.state === 'not-started')
    const { deps: worldMigration } = await sandboxDeps(world)
    const deps = worldMigration.uploadPorts(upload.customer)
    const row = await world.tables.upload.get(upload.space, upload.root)
    assert.ok(row)
    const outcomes = await Promise.all([
      migrateUpload(deps, row),
      migrateUpload(deps, row),
    ])
    assert.ok(
      outcomes.every((o) => o.status !== 'failed'),
      JSON.stringify(outcomes)
    )
    const ledger = world.sandbox.ledger
    assert.equal(
      ledger.count('index-registered', { root: upload.root }),
      1,
      'one index registration'
    )
    assert.equal(ledger.count('blob-added'), 1, 'one index blob')
    for (const shard of upload.shards) {
      const content = base58btc.encode(CID.parse(shard).multihash.bytes)
      assert.equal(
        ledger.count('claim-cached', { content, space: upload.space }),
        1,
        `one claim for ${shard}`
      )
    }
    const jobs = Object.values(SANDBOX_QUEUES).reduce(
      (n, q) => n + world.sandbox.s3sqs.queueMessages(q).length,
      0
    )
    assert.equal(jobs, upload.shards.length, 'one advertisement per shard')
  })
})
