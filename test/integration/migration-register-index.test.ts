import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ed25519 } from '@ucanto/principal'
import { CID } from 'multiformats/cid'
import { PermanentError, ServiceUnavailable } from '../../src/failures/index.js'
import { checkUpload } from '../../src/migration/check/check-upload.js'
import { buildIndexFromShards } from '../../src/migration/index/build-index.js'
import { storeAndRegisterIndex } from '../../src/migration/index/store-and-register.js'
import { shardInfo } from '../../src/migration/sizes/shard-info.js'
import type { SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import { sandboxDeps } from '../helpers/sandbox-deps.js'
import { seededSandbox } from '../helpers/seeded-sandbox.js'

const world = await seededSandbox({ seed: 'register-index', customers: 2 })
const { sandbox, tables, uploads } = world
const ports = (await sandboxDeps(world)).deps.uploadPorts('did:mailto:x:y')
const { indexer, indexWorker } = ports
const deps = { uploadService: ports.uploadService, indexer }

async function indexOf(upload: SeededUpload) {
  const infos = await Promise.all(
    upload.shards.map((s) => shardInfo(tables, upload.space, s))
  )
  return buildIndexFromShards(indexWorker, upload.root, infos)
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
    assert.equal((await checkUpload(indexer, row)).hasIndex, false)
    const migrationSpace = await provisionedSpace()
    const index = await indexOf(upload)
    const { location } = await storeAndRegisterIndex(deps, {
      migrationSpace,
      root: upload.root,
      index,
    })
    assert.match(location, /^http:\/\/127\.0\.0\.1:\d+\//)
    assert.equal((await checkUpload(indexer, row)).hasIndex, true)
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
    const found = await indexer.query([CID.parse(upload.root).multihash])
    assert.deepEqual(found.indexClaims.length > 0, true)
    assert.equal(found.indexes.length, 1)
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

  it('meets a writes-disabled upload service with ServiceUnavailable, transient, and registers nothing', async () => {
    const upload = notStarted[0]
    assert.ok(upload)
    const migrationSpace = await provisionedSpace()
    const before = sandbox.ledger.count('blob-added')
    sandbox.uploadService.writes.disabled = true
    try {
      await assert.rejects(
        storeAndRegisterIndex(deps, {
          migrationSpace,
          root: upload.root,
          index: await indexOf(upload),
        }),
        (err) => {
          assert.ok(err instanceof ServiceUnavailable, String(err))
          assert.ok(!(err instanceof PermanentError))
          return true
        }
      )
    } finally {
      sandbox.uploadService.writes.disabled = false
    }
    assert.equal(sandbox.ledger.count('blob-added'), before)
    assert.ok(sandbox.uploadService.writes.refused > 0)
  })
})
