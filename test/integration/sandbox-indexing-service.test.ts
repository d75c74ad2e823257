import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import * as DID from '@ipld/dag-ucan/did'
import * as Assert from '@storacha/capabilities/assert'
import * as ClaimCapabilities from '@storacha/capabilities/claim'
import { Client } from '@storacha/indexing-service-client'
import { connect } from '@ucanto/client'
import { delegate } from '@ucanto/core'
import type { Delegation, Signer } from '@ucanto/interface'
import { ed25519 } from '@ucanto/principal'
import * as CAR from '@ucanto/transport/car'
import * as HTTP from '@ucanto/transport/http'
import type { MultihashDigest, UnknownLink } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { sha256 } from 'multiformats/hashes/sha2'
import {
  type HttpService,
  startHttpService,
} from '../../src/sandbox/http-service.js'
import {
  type SandboxIdentities,
  sandboxIdentities,
} from '../../src/sandbox/identities.js'
import {
  type IndexerUcanService,
  type IndexingService,
  startIndexingService,
} from '../../src/sandbox/indexing-service/index.js'
import { httpMultiaddr } from '../../src/migration/claims/multiaddr.js'
import { Ledger } from '../../src/sandbox/ledger.js'
import { buildUpload, type Upload } from '../helpers/indexing-fixture.js'

const z = (digest: MultihashDigest) => base58btc.encode(digest.bytes)

let ids: SandboxIdentities
let ledger: Ledger
let blobs: BlobHost
let indexer: IndexingService
let client: Client
let upload: Upload
let space: Signer

before(async () => {
  ids = await sandboxIdentities('indexing-service-test')
  ledger = new Ledger()
  blobs = await startBlobHost()
  indexer = await startIndexingService({
    signer: ids.indexer,
    ledger,
    didKeys: { [ids.uploadService.did()]: ids.uploadService.toDIDKey() },
  })
  client = new Client({ serviceURL: new URL(indexer.url) })
  upload = await buildUpload()
  space = await ed25519.generate()
  for (const blob of [...upload.shards, upload.index]) blobs.put(blob)
})

after(async () => {
  await indexer.close()
  await blobs.close()
})

beforeEach(() => {
  indexer.reset()
  indexer.faults.clear()
  ledger.clear()
})

describe('GET /claims', () => {
  it('returns the index claim, the index and the locations of the index and of the shard holding the queried hash', async () => {
    const claims = await seedUpload({ space: space.did() })

    const result = await client.queryClaims({ hashes: [upload.root.multihash] })

    assert.ok(result.ok, result.error?.message)
    const rootShard = shardContaining(upload.root.multihash)
    assert.deepEqual(
      new Set(result.ok.claims.keys()),
      new Set(
        [claims.index, claims.indexLocation, claims.shards[rootShard]].map(
          String
        )
      )
    )
    const [index] = [...result.ok.indexes.values()]
    assert.equal(result.ok.indexes.size, 1)
    assert.equal(index?.content.toString(), upload.root.toString())
  })

  it('finds the index and the right shard for a block inside the DAG', async () => {
    const claims = await seedUpload({ space: space.did() })
    const block = upload.fileBlocks[0]!

    const result = await client.queryClaims({ hashes: [block] })

    assert.ok(result.ok, result.error?.message)
    const shard = shardContaining(block)
    assert.notEqual(shard, shardContaining(upload.root.multihash))
    assert.ok(result.ok.claims.has(String(claims.shards[shard])))
    assert.equal(result.ok.indexes.size, 1)
  })

  it('filters location claims by match.subject and keeps the index claim', async () => {
    const claims = await seedUpload({ space: space.did() })
    const other = (await ed25519.generate()).did()

    const own = await client.queryClaims({
      hashes: [upload.root.multihash],
      match: { subject: [space.did()] },
    })
    const foreign = await client.queryClaims({
      hashes: [upload.root.multihash],
      match: { subject: [other] },
    })

    assert.ok(own.ok && foreign.ok)
    assert.equal(own.ok.claims.size, 3)
    assert.equal(own.ok.indexes.size, 1)
    assert.deepEqual([...foreign.ok.claims.keys()], [String(claims.index)])
    assert.equal(foreign.ok.indexes.size, 0)
  })

  it('drops location claims without a space when spaces are given', async () => {
    await seedUpload({})

    const unscoped = await client.queryClaims({
      hashes: [upload.root.multihash],
    })
    const scoped = await client.queryClaims({
      hashes: [upload.root.multihash],
      match: { subject: [space.did()] },
    })

    assert.equal(unscoped.ok?.claims.size, 3)
    assert.equal(scoped.ok?.claims.size, 1)
  })

  it('answers kind=location with direct location claims only', async () => {
    const claims = await seedUpload({ space: space.did() })
    const shard = upload.shards[0]!

    const result = await client.queryClaims({
      hashes: [shard.digest],
      kind: 'location',
    })

    assert.deepEqual(
      [...(result.ok?.claims.keys() ?? [])],
      [String(claims.shards[0])]
    )
    assert.equal(result.ok?.indexes.size, 0)
  })

  it('answers an unknown hash with an empty result', async () => {
    const result = await client.queryClaims({
      hashes: [await sha256.digest(new Uint8Array([1]))],
    })
    assert.equal(result.ok?.claims.size, 0)
  })

  it('answers 400 to bad input', async () => {
    const hash = z(upload.root.multihash)
    for (const query of [
      '',
      'multihash=zNotAHash',
      `multihash=${hash}&type=standard&type=location`,
      `multihash=${hash}&type=bogus`,
      `multihash=${hash}&spaces=not-a-did`,
    ]) {
      const response = await fetch(`${indexer.url}/claims?${query}`)
      assert.equal(response.status, 400, query)
    }
  })

  it('fails the client once when an error fault is injected', async () => {
    await seedUpload({ space: space.did() })
    indexer.faults.next('error')

    const failed = await client.queryClaims({ hashes: [upload.root.multihash] })
    const retried = await client.queryClaims({
      hashes: [upload.root.multihash],
    })

    assert.equal(failed.error?.name, 'NetworkError')
    assert.match(failed.error?.message ?? '', /503/)
    assert.equal(retried.ok?.claims.size, 3)
  })
})

describe('GET /claim/<cid>', () => {
  it('serves a stored claim archive and 404 otherwise', async () => {
    const claims = await seedUpload({ space: space.did() })

    const found = await fetch(`${indexer.url}/claim/${claims.indexLocation}`)
    const missing = await fetch(`${indexer.url}/claim/${upload.root}`)

    assert.equal(found.status, 200)
    assert.deepEqual(
      new Uint8Array(await found.arrayBuffer()),
      await indexer.claimArchive(String(claims.indexLocation))
    )
    assert.equal(missing.status, 404)
  })
})

describe('claim/cache', () => {
  it('caches a location claim invoked with a delegation from the indexer', async () => {
    const claim = await locationClaim(upload.shards[0]!, space.did())

    const receipt = await cacheClaim({ claim })

    assert.deepEqual(receipt.out, { ok: {} })
    assert.deepEqual(
      ledger
        .find('claim-cached')
        .map(({ claim, content, space }) => ({ claim, content, space })),
      [
        {
          claim: String(claim.cid),
          content: z(upload.shards[0]!.digest),
          space: space.did(),
        },
      ]
    )
    const result = await client.queryClaims({
      hashes: [upload.shards[0]!.digest],
      match: { subject: [space.did()] },
    })
    assert.ok(result.ok?.claims.has(String(claim.cid)))
  })

  it('rejects a delegation signed with the wrong key', async () => {
    const impostor = (await ed25519.generate()).withDID(ids.indexer.did())
    const receipt = await cacheClaim({
      claim: await locationClaim(upload.shards[0]!, space.did()),
      proofs: [await cacheDelegation(impostor)],
    })
    assert.equal(receipt.out.error?.name, 'Unauthorized')
    assert.match(receipt.out.error?.message ?? '', /signature/)
    assert.equal(ledger.count('claim-cached'), 0)
  })

  it('rejects an invocation without a proof', async () => {
    const receipt = await cacheClaim({
      claim: await locationClaim(upload.shards[0]!, space.did()),
      proofs: [],
    })
    assert.equal(receipt.out.error?.name, 'Unauthorized')
    assert.equal(ledger.count('claim-cached'), 0)
  })

  it('rejects an invocation addressed to another audience', async () => {
    const receipt = await cacheClaim({
      claim: await locationClaim(upload.shards[0]!, space.did()),
      audience: ids.gateway,
    })
    assert.equal(receipt.out.error?.name, 'InvalidAudience')
    assert.equal(ledger.count('claim-cached'), 0)
  })

  it('rejects an invocation whose claim blocks are missing', async () => {
    const receipt = await cacheClaim({
      claim: await locationClaim(upload.shards[0]!, space.did()),
      attach: false,
    })
    assert.equal(receipt.out.error?.name, 'MissingClaim')
  })
  it('accepts a self-issued invocation, as storage nodes send it', async () => {
    const before = ledger.count('claim-cached')
    const otherSpace = await ed25519.generate()
    const receipt = await cacheClaim({
      claim: await locationClaim(upload.shards[0]!, otherSpace.did()),
      resource: ids.storageNode.did(),
      proofs: [],
    })
    assert.deepEqual(receipt.out, { ok: {} })
    assert.equal(ledger.count('claim-cached'), before + 1)
  })

  it('records the same claim cached again only once', async () => {
    const claim = await locationClaim(upload.shards[0]!, space.did())
    const before = ledger.count('claim-cached')
    assert.deepEqual((await cacheClaim({ claim })).out, { ok: {} })
    assert.equal(ledger.count('claim-cached'), before)
  })

  it('rejects an invocation on another DID without that DID’s delegation', async () => {
    const receipt = await cacheClaim({
      claim: await locationClaim(upload.shards[0]!, space.did()),
      resource: ids.gateway.did(),
      proofs: [],
    })
    assert.equal(receipt.out.error?.name, 'Unauthorized')
  })

  it('rejects a claim that is not a location claim', async () => {
    const claim = await Assert.index.delegate({
      issuer: space,
      audience: ids.indexer,
      with: space.did(),
      nb: { content: upload.root, index: upload.index.cid },
    })
    const receipt = await cacheClaim({ claim })
    assert.equal(receipt.out.error?.name, 'UnrecognizedClaim')
  })
})

describe('assert/index', () => {
  it('registers an index read through its {blob} provider address, once, and queries then find it', async () => {
    const shardClaims = await Promise.all(
      upload.shards.map((shard) => locationClaim(shard, space.did()))
    )
    // The claim's own URL leads nowhere: only the provider address can serve the index.
    const nowhere = `${blobs.url}/nowhere`
    for (const claim of [
      ...shardClaims,
      await locationClaim(upload.index, space.did(), nowhere),
    ])
      assert.deepEqual((await cacheClaim({ claim })).out, { ok: {} })

    const receipt = await assertIndex(space)

    assert.deepEqual(receipt.out, { ok: {} })
    assert.deepEqual(
      ledger
        .find('index-registered')
        .map(({ root, index, space }) => ({ root, index, space })),
      [
        {
          root: String(upload.root),
          index: String(upload.index.cid),
          space: space.did(),
        },
      ]
    )
    assert.ok(blobs.ranges.includes(`bytes=0-${upload.index.bytes.length - 1}`))
    const block = upload.fileBlocks[3]!
    const result = await client.queryClaims({ hashes: [block] })
    assert.ok(result.ok?.claims.has(String(receipt.ran.link())))
    assert.ok(
      result.ok?.claims.has(String(shardClaims[shardContaining(block)]!.cid))
    )
    assert.equal(result.ok?.indexes.size, 1)
  })

  it('accepts a did:web issuer delegated by the space, resolved through didKeys', async () => {
    await cacheClaim({ claim: await locationClaim(upload.index, space.did()) })
    const proof = await delegate({
      issuer: space,
      audience: ids.uploadService,
      capabilities: [{ can: 'assert/index', with: space.did() }],
    })

    const receipt = await assertIndex(ids.uploadService, [proof])

    assert.deepEqual(receipt.out, { ok: {} })
  })

  it('fails when the index blob has no known location', async () => {
    const receipt = await assertIndex(space)
    assert.equal(receipt.out.error?.name, 'HandlerExecutionError')
    assert.match(receipt.out.error?.message ?? '', /no location commitments/)
    assert.equal(ledger.count('index-registered'), 0)
  })

  it('fails when the location serves something else than the index', async () => {
    const url = blobs.urlOf(upload.shards[0]!.digest)
    const claim = await locationClaim(upload.index, space.did(), url)
    await cacheClaim({ claim, addresses: [] })

    const receipt = await assertIndex(space)

    assert.equal(receipt.out.error?.name, 'HandlerExecutionError')
    assert.match(receipt.out.error?.message ?? '', /hash to/)
    assert.equal(ledger.count('index-registered'), 0)
  })

  it('fails when the index location claim is issued by a did:web', async () => {
    const claim = await locationClaim(
      upload.index,
      space.did(),
      undefined,
      ids.uploadService
    )
    await indexer.publishLocationClaim(claim)

    const receipt = await assertIndex(space)

    assert.match(receipt.out.error?.message ?? '', /not an ed25519 did:key/)
  })
})

// ---------------------------------------------------------------- helpers

interface SeededClaims {
  index: UnknownLink
  indexLocation: UnknownLink
  shards: UnknownLink[]
}

/** The in-process seeding a test state needs: shard and index locations plus the index claim. */
async function seedUpload({
  space: spaceDid,
}: {
  space?: string
}): Promise<SeededClaims> {
  const shards = await Promise.all(
    upload.shards.map((s) => locationClaim(s, spaceDid))
  )
  const indexLocation = await locationClaim(upload.index, spaceDid)
  for (const claim of [...shards, indexLocation])
    await indexer.publishLocationClaim(claim)
  const index = await Assert.index.delegate({
    issuer: space,
    audience: ids.indexer,
    with: space.did(),
    nb: { content: upload.root, index: upload.index.cid },
    expiration: Infinity,
  })
  await indexer.publishIndex(index, upload.index.bytes)
  return {
    index: index.cid,
    indexLocation: indexLocation.cid,
    shards: shards.map((c) => c.cid),
  }
}

function locationClaim(
  blob: { digest: MultihashDigest; bytes: Uint8Array },
  spaceDid?: string,
  url = blobs.urlOf(blob.digest),
  issuer: Signer = ids.storageNode
) {
  return Assert.location.delegate({
    issuer,
    audience: issuer,
    with: issuer.did(),
    nb: {
      content: { digest: blob.digest.bytes },
      location: [url as `${string}:${string}`],
      range: { offset: 0, length: blob.bytes.length },
      ...(spaceDid ? { space: DID.parse(spaceDid as `did:${string}`) } : {}),
    },
    expiration: Infinity,
  })
}

function shardContaining(hash: MultihashDigest): number {
  const shards = [...upload.index.view.shards]
  const found = upload.shards.findIndex((shard) =>
    shards.some(
      ([digest, slices]) => z(digest) === z(shard.digest) && slices.has(hash)
    )
  )
  assert.notEqual(found, -1)
  return found
}

function connection() {
  return connect<IndexerUcanService>({
    id: ids.indexer,
    codec: CAR.outbound,
    channel: HTTP.open<IndexerUcanService>({ url: new URL(indexer.url) }),
  })
}

function cacheDelegation(issuer: Signer) {
  return delegate({
    issuer,
    audience: ids.storageNode,
    capabilities: [{ can: 'claim/cache', with: ids.indexer.did() }],
  })
}

async function cacheClaim({
  claim,
  proofs,
  audience = ids.indexer,
  attach = true,
  addresses = [httpMultiaddr(`${blobs.url}/blob/{blob}`).bytes],
  resource = ids.indexer.did(),
}: {
  claim: Delegation
  proofs?: Delegation[]
  audience?: Signer
  attach?: boolean
  addresses?: Uint8Array[]
  resource?: `did:${string}:${string}`
}) {
  const invocation = ClaimCapabilities.cache.invoke({
    issuer: ids.storageNode,
    audience,
    with: resource,
    nb: {
      claim: claim.cid,
      provider: { addresses },
    },
    proofs: proofs ?? [await cacheDelegation(ids.indexer)],
  })
  if (attach)
    for (const block of claim.iterateIPLDBlocks()) invocation.attach(block)
  return invocation.execute(connection())
}

function assertIndex(issuer: Signer, proofs: Delegation[] = []) {
  return Assert.index
    .invoke({
      issuer,
      audience: ids.indexer,
      with: space.did(),
      nb: { content: upload.root, index: upload.index.cid },
      proofs,
    })
    .execute(connection())
}

interface BlobHost extends HttpService {
  put(blob: { digest: MultihashDigest; bytes: Uint8Array }): void
  urlOf(digest: MultihashDigest): string
  /** Range headers received, in order. */
  ranges: string[]
}

async function startBlobHost(): Promise<BlobHost> {
  const stored = new Map<string, Uint8Array>()
  const ranges: string[] = []
  const service = await startHttpService('blob-host', (req, res, url) => {
    const bytes = stored.get(url.pathname.replace('/blob/', ''))
    if (!bytes) return void res.writeHead(404).end()
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
    if (!range) return void res.writeHead(200).end(bytes)
    ranges.push(range[0])
    const start = Number(range[1])
    const end = range[2] ? Number(range[2]) : bytes.length - 1
    res.writeHead(206, {
      'content-range': `bytes ${start}-${end}/${bytes.length}`,
    })
    res.end(bytes.subarray(start, end + 1))
  })
  const urlOf = (digest: MultihashDigest) => `${service.url}/blob/${z(digest)}`
  return {
    ...service,
    ranges,
    urlOf,
    put: (blob) => void stored.set(z(blob.digest), blob.bytes),
  }
}
