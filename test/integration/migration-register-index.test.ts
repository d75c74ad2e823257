import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ed25519 } from '@ucanto/principal'
import { CID } from 'multiformats/cid'
import { buildIndexFromShards } from '../../src/migration/build-index.js'
import { checkUpload } from '../../src/migration/check-upload.js'
import { PermanentError } from '../../src/migration/errors.js'
import { storeAndRegisterIndex } from '../../src/migration/register-index.js'
import { shardInfo } from '../../src/migration/shard-size.js'
import type { SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import { createIndexerQuery } from '../../src/services/indexer-query.js'
import { seededSandbox } from '../helpers/seeded-sandbox.js'

const { sandbox, tables, uploads } = await seededSandbox({
  seed: 'register-index',
  customers: 2,
})
const queryClaims = createIndexerQuery({
  url: sandbox.indexer.url,
  timeoutMs: 5_000,
})
const deps = {
  uploadService: {
    url: sandbox.uploadService.url,
    did: sandbox.uploadService.did,
  },
  indexer: { url: sandbox.indexer.url, did: sandbox.indexer.did },
  queryClaims,
  timeoutMs: 5_000,
}

async function indexOf(upload: SeededUpload) {
  const infos = await Promise.all(
    upload.shards.map((s) => shardInfo(tables, upload.space, s))
  )
  return buildIndexFromShards(
    { url: sandbox.indexWorker.url, timeoutMs: 5_000 },
    upload.root,
    infos
  )
}

async function provisionedSpace() {
  const space = await ed25519.generate()
  await sandbox.uploadService.provision(
    space.did(),
    'did:mailto:register.test:owner'
  )
  return space
}

const notStarted = uploads.filter(
  (u) => u.state === 'not-started' && u.quirk === 'normal'
)

describe('storing and registering an index', () => {
  it('makes a not-started upload indexed, once', async () => {
    const upload = notStarted[0]
    assert.ok(upload)
    const row = await tables.upload.get(upload.space, upload.root)
    assert.ok(row)
    assert.equal((await checkUpload(queryClaims, row)).hasIndex, false)
    const migrationSpace = await provisionedSpace()
    const index = await indexOf(upload)
    const { location } = await storeAndRegisterIndex(deps, {
      migrationSpace,
      root: upload.root,
      index,
    })
    assert.match(location, /^http:\/\/127\.0\.0\.1:\d+\//)
    assert.equal((await checkUpload(queryClaims, row)).hasIndex, true)
    assert.equal(
      sandbox.ledger.count('blob-added', { space: migrationSpace.did() }),
      1
    )
    assert.equal(
      sandbox.ledger.count('index-registered', {
        root: upload.root,
        space: migrationSpace.did(),
      }),
      1
    )
    const found = await queryClaims([CID.parse(upload.root).multihash])
    assert.deepEqual(found.indexClaims.length > 0, true)
    assert.equal(found.indexShards.length, 1)
  })

  it('retries the upload service through injected 503s', async () => {
    const upload = notStarted[1] ?? notStarted[0]
    assert.ok(upload)
    const migrationSpace = await provisionedSpace()
    sandbox.uploadService.faults.next('error')
    const { location } = await storeAndRegisterIndex(deps, {
      migrationSpace,
      root: upload.root,
      index: await indexOf(upload),
    })
    assert.ok(location)
  })

  it('fails a space the upload service does not serve, and registers nothing', async () => {
    const upload = notStarted[0]
    assert.ok(upload)
    const stranger = await ed25519.generate()
    const before = sandbox.ledger.count('index-registered')
    await assert.rejects(
      storeAndRegisterIndex(deps, {
        migrationSpace: stranger,
        root: upload.root,
        index: await indexOf(upload),
      }),
      (err) => {
        assert.ok(
          err instanceof PermanentError,
          `expected a permanent failure, got ${String(err)}`
        )
        assert.match(err.message, /InsufficientStorage/)
        return true
      }
    )
    assert.equal(sandbox.ledger.count('index-registered'), before)
  })
})
