import assert from 'node:assert/strict'
import { request as httpRequest, Agent } from 'node:http'
import { after, before, describe, test } from 'node:test'
import * as BlobCapabilities from '@storacha/capabilities/blob'
import * as ClaimCapabilities from '@storacha/capabilities/claim'
import type { BlobAllocateSuccess } from '@storacha/capabilities/types'
import type { IndexingServiceAPI } from '@storacha/upload-api'
import { connect } from '@ucanto/client'
import { error, ok } from '@ucanto/core'
import type { DID, DIDKey, Signer } from '@ucanto/interface'
import * as Server from '@ucanto/server'
import * as CAR from '@ucanto/transport/car'
import { DIDResolutionError } from '@ucanto/validator'
import * as DIDParser from '@ipld/dag-ucan/did'
import { base58btc } from 'multiformats/bases/base58'
import { sha256 } from 'multiformats/hashes/sha2'
import { ed25519 } from '../../src/principal/index.js'
import { sandboxIdentities } from '../../src/sandbox/identities.js'
import {
  type StorageNode,
  startStorageNode,
} from '../../src/sandbox/storage-node/index.js'

/** An indexer that records the `claim/cache` invocations it gets, over an in-process channel. */
async function claimRecorder() {
  const id = (await ed25519.generate()).withDID('did:web:indexer.local')
  const cached: { issuer: string; claim: string }[] = []
  const server = Server.create({
    id,
    codec: CAR.inbound,
    validateAuthorization: () => ({ ok: {} }),
    service: {
      claim: {
        cache: Server.provide(
          ClaimCapabilities.cache,
          ({ capability, invocation }) => {
            cached.push({
              issuer: invocation.issuer.did(),
              claim: capability.nb.claim.toString(),
            })
            return Server.ok({})
          }
        ),
      },
    },
  })
  return {
    cached,
    config: {
      invocationConfig: {
        issuer: id,
        audience: id,
        with: id.did(),
        proofs: [],
      },
      // The node only sends `claim/cache`, all this server provides.
      connection: connect({
        id,
        codec: CAR.outbound,
        channel: server,
      }) as unknown as IndexingServiceAPI.ClientConfig['connection'],
    },
  }
}

const randomBytes = (size = 1024) =>
  crypto.getRandomValues(new Uint8Array(size))

describe('sandbox storage node', () => {
  let service: Signer<DID<'web'>>
  let node: StorageNode
  let indexer: Awaited<ReturnType<typeof claimRecorder>>
  let space: Signer<DIDKey>

  before(async () => {
    service = (await sandboxIdentities()).uploadService as Signer<DID<'web'>>
    indexer = await claimRecorder()
    space = await ed25519.generate()
    node = await startStorageNode({
      indexingService: indexer.config,
      resolveDIDKey: (did) =>
        did === service.did()
          ? ok([service.toDIDKey()])
          : error(new DIDResolutionError(did)),
    })
  })
  after(() => node.close())

  /** The node's delegation to the service, as upload-api's router makes it for an invocation. */
  const proofFor = (capability: { can: 'blob/allocate' | 'blob/accept' }) =>
    Server.delegate({
      issuer: node.id,
      audience: service,
      capabilities: [{ can: capability.can, with: node.id.did() }],
      expiration: Infinity,
    })

  /** Stands for the `space/blob/add` task and `http/put` receipt the flow links to. */
  const someLink = async () =>
    (
      await Server.delegate({
        issuer: space,
        audience: service,
        capabilities: [{ can: 'space/blob/add', with: space.did() }],
      })
    ).cid

  const allocateCap = async (bytes: Uint8Array) => {
    const digest = await sha256.digest(bytes)
    return BlobCapabilities.allocate.create({
      with: node.id.did(),
      nb: {
        blob: { digest: digest.bytes, size: bytes.length },
        space: DIDParser.parse(space.did()),
        cause: await someLink(),
      },
    })
  }

  async function allocate(bytes: Uint8Array): Promise<BlobAllocateSuccess> {
    const receipt = await BlobCapabilities.allocate
      .invoke({
        issuer: service,
        audience: node.id,
        with: node.id.did(),
        nb: (await allocateCap(bytes)).nb,
        proofs: [await proofFor(BlobCapabilities.allocate)],
        expiration: Infinity,
      })
      .execute(node.connection)
    if (receipt.out.error) throw new Error(receipt.out.error.message)
    return receipt.out.ok
  }

  async function accept(bytes: Uint8Array) {
    const digest = await sha256.digest(bytes)
    return BlobCapabilities.accept
      .invoke({
        issuer: service,
        audience: node.id,
        with: node.id.did(),
        nb: {
          blob: { digest: digest.bytes, size: bytes.length },
          space: DIDParser.parse(space.did()),
          _put: { 'ucan/await': ['.out.ok', await someLink()] },
        },
        proofs: [await proofFor(BlobCapabilities.accept)],
        expiration: Infinity,
      })
      .execute(node.connection)
  }

  const put = (url: string, body: Uint8Array, headers = {}) =>
    fetch(url, { method: 'PUT', body, headers })

  const locationOf = async (bytes: Uint8Array) => {
    const mh = base58btc.encode((await sha256.digest(bytes)).bytes)
    return `${node.url}/${mh}/${mh}.blob`
  }

  test('allocate answers a presigned URL; the PUT stores the bytes, served by GET, HEAD and ranges', async () => {
    const bytes = randomBytes()

    const allocated = await allocate(bytes)

    assert.equal(allocated.size, bytes.length)
    assert.ok(allocated.address)
    const stored = await put(
      allocated.address.url,
      bytes,
      allocated.address.headers
    )
    assert.equal(stored.status, 200, await stored.text())
    const location = await locationOf(bytes)
    const got = await fetch(location)
    assert.equal(got.status, 200)
    assert.deepEqual(new Uint8Array(await got.arrayBuffer()), bytes)
    const head = await fetch(location, { method: 'HEAD' })
    assert.equal(head.status, 200)
    assert.equal(head.headers.get('content-length'), String(bytes.length))
    const part = await fetch(location, { headers: { range: 'bytes=4-7' } })
    assert.equal(part.status, 206)
    assert.deepEqual(
      new Uint8Array(await part.arrayBuffer()),
      bytes.subarray(4, 8)
    )
  })

  test('a blob allocated again counts no size; one stored already needs no address', async () => {
    const bytes = randomBytes()

    const first = await allocate(bytes)
    const again = await allocate(bytes)
    assert.equal(first.size, bytes.length)
    assert.equal(again.size, 0)
    assert.ok(again.address, 'a second allocation still gets a URL')
    await put(again.address.url, bytes, again.address.headers)
    const stored = await allocate(bytes)

    assert.deepEqual(stored, { size: 0 })
  })

  test('a PUT whose body does not hash to the URL, or is not its size, is refused with 400', async () => {
    const bytes = randomBytes()
    const { address } = await allocate(bytes)
    assert.ok(address)
    const other = randomBytes()

    const wrong = await put(address.url, other)
    const short = await put(address.url, bytes.subarray(1))
    const badHeader = await put(address.url, bytes, {
      'x-amz-checksum-sha256': address.headers['x-amz-checksum-sha256']
        ?.split('')
        .reverse()
        .join(''),
    })

    assert.equal(wrong.status, 400)
    assert.equal(await wrong.text(), 'checksum mismatch')
    assert.equal(short.status, 400)
    assert.equal(badHeader.status, 400)
    assert.equal((await fetch(await locationOf(bytes))).status, 404)
    assert.equal((await fetch(await locationOf(other))).status, 404)
  })

  test('a PUT to an unsigned or altered URL is refused with 403', async () => {
    const bytes = randomBytes()
    const { address } = await allocate(bytes)
    assert.ok(address)
    const resized = new URL(address.url)
    resized.searchParams.set('size', String(bytes.length + 1))

    const unsigned = await put(await locationOf(bytes), bytes)
    const altered = await put(resized.toString(), bytes)

    assert.equal(unsigned.status, 403)
    assert.equal(altered.status, 403)
    assert.equal((await fetch(await locationOf(bytes))).status, 404)
  })

  test('accept refuses a blob not written, then issues the location claim and caches it at the indexer', async () => {
    const bytes = randomBytes()
    const { address } = await allocate(bytes)
    assert.ok(address)

    const early = await accept(bytes)
    assert.equal(early.out.error?.name, 'AllocatedMemoryHadNotBeenWrittenTo')
    await put(address.url, bytes, address.headers)
    const accepted = await accept(bytes)

    assert.ok(accepted.out.ok, JSON.stringify(accepted.out.error))
    const site = accepted.out.ok.site.toString()
    const [claim] = accepted.fx.fork
    assert.ok(claim && 'capabilities' in claim, 'the claim is forked with it')
    assert.equal(claim.cid.toString(), site)
    const [location] = claim.capabilities
    assert.equal(location?.can, 'assert/location')
    assert.equal(claim.issuer.did(), node.id.did())
    assert.equal(claim.audience.did(), space.did())
    assert.deepEqual((location.nb as { location: string[] }).location, [
      await locationOf(bytes),
    ])
    assert.deepEqual(indexer.cached.at(-1), {
      issuer: node.id.did(),
      claim: site,
    })
  })

  test('an invocation the node did not delegate is refused', async () => {
    const stranger = await ed25519.generate()
    const receipt = await BlobCapabilities.allocate
      .invoke({
        issuer: stranger,
        audience: node.id,
        with: node.id.did(),
        nb: (await allocateCap(randomBytes())).nb,
      })
      .execute(node.connection)

    assert.equal(receipt.out.error?.name, 'Unauthorized')
  })

  test('keeps connections alive between requests', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    after(() => agent.destroy())
    const get = () =>
      new Promise<{ reused: boolean; connection?: string }>(
        (resolve, reject) => {
          const req = httpRequest(`${node.url}/nothing`, { agent }, (res) => {
            res.resume()
            res.once('end', () =>
              resolve({
                reused: req.reusedSocket,
                connection: res.headers.connection,
              })
            )
          })
          req.once('error', reject)
          req.end()
        }
      )

    const first = await get()
    const second = await get()

    assert.equal(first.connection, 'keep-alive')
    assert.equal(second.reused, true)
  })
})
