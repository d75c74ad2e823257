import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { Client } from '@storacha/indexing-service-client'
import * as Blob from '@storacha/upload-client/blob'
import type { Service } from '@storacha/upload-client/types'
import { connect } from '@ucanto/client'
import { ed25519 } from '@ucanto/principal'
import { CAR, HTTP } from '@ucanto/transport'
import { Delegation } from '@ucanto/core'
import { base58btc } from 'multiformats/bases/base58'
import { base64 } from 'multiformats/bases/base64'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import * as Assert from '@storacha/capabilities/assert'
import { loadConfig } from '../../src/config/index.js'
import type { IndexerUcanService } from '../../src/sandbox/indexing-service/index.js'
import { buildIndex } from '../../src/sandbox/seed/build-index.js'
import { encodeUpload } from '../../src/sandbox/seed/encode-upload.js'
import { SeededRandom } from '../../src/sandbox/seed/random.js'
import { startSandbox } from '../../src/sandbox/sandbox.js'
import { DEFAULT_SEED_OPTIONS } from '../../src/sandbox/seed/plan.js'
import { sandboxIndexerSeeding } from '../../src/sandbox/seed/sandbox-indexer-seeding.js'
import {
  type SeededUpload,
  seedLegacyWorld,
} from '../../src/sandbox/seed/seed-legacy-world.js'
import { freshTables, testStack } from '../helpers/stack.js'

const stackEnv = await testStack()
const sandbox = await startSandbox({ indexWorkerMaxBlocks: 5 })
after(() => sandbox.close())
const { client, names } = await freshTables(stackEnv)
const uploads: SeededUpload[] = []
await seedLegacyWorld(
  {
    ...DEFAULT_SEED_OPTIONS,
    seed: 'sandbox-test',
    customers: 3,
    uploadsPerSpace: 6,
  },
  {
    client,
    tables: names,
    carpark: sandbox.carpark.store,
    carparkUrl: sandbox.carpark.service.url,
    delegations: sandbox.delegations,
    indexer: sandboxIndexerSeeding(
      sandbox.indexer,
      sandbox.ids,
      sandbox.carpark.store,
      sandbox.carpark.service.url
    ),
  },
  (u) => uploads.push(u)
)
const indexer = new Client({ serviceURL: new URL(sandbox.indexer.url) })

const claimsFor = async (root: string, spaces: string[] = []) => {
  const result = await indexer.queryClaims({
    hashes: [CID.parse(root).multihash],
    match: { subject: spaces as `did:key:${string}`[] },
  })
  if (result.error) throw result.error
  return result.ok
}

describe('the whole sandbox', () => {
  it('writes an env that the configuration accepts for a full migration', () => {
    const config = loadConfig({ ...stackEnv, ...sandbox.env }, [
      'dynamo',
      'temporal',
      'services',
      'publishing',
      'signing',
    ])
    assert.equal(config.services.indexer.url, sandbox.indexer.url)
    assert.equal(config.services.upload.did, 'did:web:up.local')
    assert.equal(config.publishing.s3Endpoint, sandbox.s3sqs.endpoint)
    assert.match(config.publishing.peerIds.blob, /^12D3KooW/)
  })

  it('hands the migration a claim/cache proof for the upload service key', async () => {
    const bytes = CID.parse(sandbox.env.INDEXING_SERVICE_PROOF ?? '', base64)
      .multihash.digest
    const proof = await Delegation.extract(bytes)
    if (proof.error) throw proof.error
    assert.equal(proof.ok.issuer.did(), 'did:web:indexer.local')
    assert.equal(proof.ok.audience.did(), sandbox.ids.uploadService.toDIDKey())
    assert.equal(proof.ok.capabilities[0]?.can, 'claim/cache')
  })

  it('serves a seeded complete upload with its index and shard claims in its space', async () => {
    const complete = uploads.find(
      (u) => u.state === 'complete' && u.quirk === 'normal'
    )
    assert.ok(complete)
    const found = await claimsFor(complete.root, [complete.space])
    assert.equal(found.indexes.size, 1)
    const spaces = [...found.claims.values()].flatMap((c) =>
      c.type === 'assert/location' && c.space ? [c.space.did()] : []
    )
    assert.ok(spaces.length > 0 && spaces.every((s) => s === complete.space))
  })

  it('has old claims without space for claims-without-space uploads, and nothing for not-started ones', async () => {
    const old = uploads.find((u) => u.state === 'claims-without-space')
    assert.ok(old)
    const shard = CID.parse(old.shards[0] ?? '')
    const any = await indexer.queryClaims({
      hashes: [shard.multihash],
      kind: 'location',
    })
    assert.equal(any.ok?.claims.size, 1)
    const inSpace = await indexer.queryClaims({
      hashes: [shard.multihash],
      kind: 'location',
      match: { subject: [old.space as `did:key:${string}`] },
    })
    assert.equal(inSpace.ok?.claims.size, 0)
    const fresh = uploads.find(
      (u) => u.state === 'not-started' && u.quirk === 'normal'
    )
    assert.ok(fresh)
    assert.equal((await claimsFor(fresh.root)).claims.size, 0)
  })

  it('indexes seeded shards through the index worker from the same carpark', async () => {
    const upload = uploads.find((u) => u.quirk === 'normal')
    assert.ok(upload)
    const multihash = base58btc.encode(
      CID.parse(upload.shards[0] ?? '').multihash.bytes
    )
    const res = await fetch(
      `${sandbox.indexWorker.url}/index/${multihash}/${multihash}.blob?offset=0`
    )
    assert.equal(res.status, 200)
    assert.equal(
      (await res.text()).trim().split('\n').length,
      5,
      'the worker stops after 5 blocks'
    )
  })

  it('stores a blob through the upload service and its storage node caches the claim on the indexer', async () => {
    const space = await ed25519.generate()
    await sandbox.uploadService.provision(
      space.did(),
      'did:mailto:sandbox.test:alice'
    )
    const bytes = new TextEncoder().encode('an index blob')
    const digest = await sha256.digest(bytes)
    const connection = uploadConnection()
    await Blob.add(
      {
        issuer: space,
        with: space.did(),
        proofs: [],
        audience: { did: () => sandbox.ids.uploadService.did() },
      },
      digest,
      bytes,
      { connection }
    )
    const content = base58btc.encode(digest.bytes)
    assert.equal(
      sandbox.ledger.count('blob-added', {
        space: space.did(),
        digest: content,
      }),
      1
    )
    assert.equal(
      sandbox.ledger.count('claim-cached', { content, space: space.did() }),
      1
    )
    const located = await indexer.queryClaims({
      hashes: [digest],
      kind: 'location',
      match: { subject: [space.did()] },
    })
    assert.equal(located.ok?.claims.size, 1)
  })

  it('takes an index the way the migration adds it: Blob.add into a space, then assert/index', async () => {
    const space = await ed25519.generate()
    await sandbox.uploadService.provision(
      space.did(),
      'did:mailto:sandbox.test:bob'
    )
    const content = await encodeUpload(
      new SeededRandom('index-flow').bytes(30_000),
      { shardSize: 16 * 1024 }
    )
    const index = await buildIndex(content.root, content.shards)
    await Blob.add(
      {
        issuer: space,
        with: space.did(),
        proofs: [],
        audience: { did: () => sandbox.ids.uploadService.did() },
      },
      index.cid.multihash,
      index.bytes,
      { connection: uploadConnection() }
    )
    const receipt = await Assert.index
      .invoke({
        issuer: space,
        audience: { did: () => sandbox.ids.indexer.did() },
        with: space.did(),
        nb: { content: content.root, index: index.cid.toV1() },
      })
      .execute(
        connect<IndexerUcanService>({
          id: { did: () => sandbox.ids.indexer.did() },
          codec: CAR.outbound,
          channel: HTTP.open<IndexerUcanService>({
            url: new URL(sandbox.indexer.url),
          }),
        })
      )
    assert.deepEqual(receipt.out, { ok: {} })
    assert.equal(
      sandbox.ledger.count('index-registered', {
        root: content.root.toString(),
        space: space.did(),
      }),
      1
    )
    const found = await claimsFor(content.root.toString(), [space.did()])
    assert.equal(found.indexes.size, 1)
  })

  it('has nothing servable at the gateway before a space authorizes it', async () => {
    const complete = uploads.find((u) => u.state === 'complete')
    assert.ok(complete)
    const res = await fetch(`${sandbox.gateway.url}/ipfs/${complete.root}`, {
      method: 'HEAD',
    })
    assert.equal(res.status, 404)
  })
})

function uploadConnection() {
  return connect<Service>({
    id: { did: () => sandbox.ids.uploadService.did() },
    codec: CAR.outbound,
    channel: HTTP.open<Service>({
      url: new URL(sandbox.uploadService.url),
      method: 'POST',
    }),
  })
}
