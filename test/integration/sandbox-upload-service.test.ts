import assert from 'node:assert/strict'
import { connect as connectTcp } from 'node:net'
import { after, before, describe, test } from 'node:test'
import * as Blob from '@storacha/upload-client/blob'
import type { Service } from '@storacha/upload-client/types'
import * as ClaimCaps from '@storacha/capabilities/claim'
import { connect } from '@ucanto/client'
import type { Signer } from '@ucanto/interface'
import { ed25519 } from '@ucanto/principal'
import * as Server from '@ucanto/server'
import { CAR, HTTP } from '@ucanto/transport'
import * as DID from '@ipld/dag-ucan/did'
import { base58btc } from 'multiformats/bases/base58'
import { sha256 } from 'multiformats/hashes/sha2'
import {
  type HttpService,
  readBody,
  startHttpService,
} from '../../src/sandbox/http-service.js'
import { sandboxIdentities } from '../../src/sandbox/identities.js'
import { Ledger } from '../../src/sandbox/ledger.js'
import {
  type UploadService,
  startUploadService,
} from '../../src/sandbox/upload-service.js'

const CUSTOMER = 'did:mailto:sandbox.local:alice'

interface AddOptions {
  issuer?: Signer
  audience?: string
  retries?: number
  /** Makes the invocation differ from an earlier identical one issued in the same second. */
  nonce?: string
}

/** Drives upload-client's `Blob.add` of `bytes` into `space` over HTTP, as the migration does. */
async function addBlob(
  service: UploadService,
  space: Signer,
  bytes: Uint8Array,
  {
    issuer = space,
    audience = service.did,
    retries = 0,
    nonce,
  }: AddOptions = {}
) {
  const digest = await sha256.digest(bytes)
  const connection = connect<Service>({
    id: DID.parse(service.did),
    codec: CAR.outbound,
    channel: HTTP.open<Service>({ url: new URL(service.url), method: 'POST' }),
  })
  const { site } = await Blob.add(
    { issuer, with: space.did(), proofs: [], audience: DID.parse(audience) },
    digest,
    bytes,
    { connection, retries, nonce }
  )
  return { site, digest: base58btc.encode(digest.bytes) }
}

const randomBytes = (size = 256) => crypto.getRandomValues(new Uint8Array(size))

/** The name of the ucanto failure (a plain object) that `Blob.add` rejected with as `cause`. */
const causeName = (err: unknown) => {
  const cause: unknown = err instanceof Error ? err.cause : undefined
  return typeof cause === 'object' && cause !== null && 'name' in cause
    ? cause.name
    : undefined
}

/** Whether a TCP connection to the URL's port is accepted. */
function isListening(url: string) {
  const { hostname, port } = new URL(url)
  return new Promise<boolean>((resolve) => {
    const socket = connectTcp(Number(port), hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

describe('sandbox upload service', () => {
  let ledger: Ledger
  let service: UploadService

  before(async () => {
    ledger = new Ledger()
    const { uploadService } = await sandboxIdentities()
    service = await startUploadService({ signer: uploadService, ledger })
  })
  after(() => service.close())

  const provisionedSpace = async () => {
    const space = await ed25519.generate()
    await service.provision(space.did(), CUSTOMER)
    return space
  }

  test('Blob.add stores the bytes, returns a site claim whose URL serves them, records one blob-added', async () => {
    const space = await provisionedSpace()
    const bytes = randomBytes()

    const { site, digest } = await addBlob(service, space, bytes)

    const [claim] = site.capabilities
    assert.equal(claim?.can, 'assert/location')
    const { content } = claim.nb
    assert.ok('digest' in content, 'the claim names its content by multihash')
    assert.equal(base58btc.encode(content.digest), digest)
    assert.equal(
      DID.decode(claim.nb.space ?? new Uint8Array()).did(),
      space.did()
    )
    const location = claim.nb.location[0]
    assert.ok(location)
    const served = await fetch(location)
    assert.equal(served.status, 200)
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), bytes)
    assert.deepEqual(
      ledger.find('blob-added', { space: space.did() }).map((e) => e.digest),
      [digest]
    )
  })

  test('adding the same blob again records no second blob-added', async () => {
    const space = await provisionedSpace()
    const bytes = randomBytes()

    const first = await addBlob(service, space, bytes)
    const again = await addBlob(service, space, bytes, { nonce: 'again' })

    assert.equal(again.digest, first.digest)
    assert.equal(ledger.count('blob-added', { space: space.did() }), 1)
  })

  test('an unprovisioned space cannot add a blob', async () => {
    const space = await ed25519.generate()

    await assert.rejects(addBlob(service, space, randomBytes()), (err) => {
      assert.equal(causeName(err), 'InsufficientStorage')
      return true
    })
    assert.equal(ledger.count('blob-added', { space: space.did() }), 0)
  })

  test('an invocation addressed to another service fails', async () => {
    const space = await provisionedSpace()

    await assert.rejects(
      addBlob(service, space, randomBytes(), {
        audience: 'did:web:elsewhere.local',
      }),
      (err) => {
        assert.equal(causeName(err), 'InvalidAudience')
        return true
      }
    )
    assert.equal(ledger.count('blob-added', { space: space.did() }), 0)
  })

  test('an invocation signed by a key without a delegation from the space fails', async () => {
    const space = await provisionedSpace()
    const stranger = await ed25519.generate()

    await assert.rejects(
      addBlob(service, space, randomBytes(), { issuer: stranger }),
      (err) => {
        assert.equal(causeName(err), 'Unauthorized')
        return true
      }
    )
    assert.equal(ledger.count('blob-added', { space: space.did() }), 0)
  })

  test('an injected 503 fails an add without retries, and a retry then counts once', async (t) => {
    const space = await provisionedSpace()
    const bytes = randomBytes()

    // upload-client reports each failed attempt with console.warn.
    t.mock.method(console, 'warn', () => {})
    service.faults.next('error')
    await assert.rejects(addBlob(service, space, bytes), /503/)
    assert.equal(ledger.count('blob-added', { space: space.did() }), 0)

    service.faults.next('error')
    await addBlob(service, space, bytes, { retries: 1 })
    assert.equal(ledger.count('blob-added', { space: space.did() }), 1)
  })

  test('POST /_sandbox/provision provisions a space for another process', async () => {
    const space = await ed25519.generate()
    const url = `${service.url}/_sandbox/provision/${space.did()}?customer=${encodeURIComponent(CUSTOMER)}`

    const res = await fetch(url, { method: 'POST' })

    assert.equal(res.status, 200, await res.text())
    await addBlob(service, space, randomBytes())
    assert.equal(ledger.count('blob-added', { space: space.did() }), 1)
  })

  test('provisioning rejects a customer that is not a did:mailto, and a second customer', async () => {
    const space = await ed25519.generate()
    const provision = (customer: string) =>
      fetch(
        `${service.url}/_sandbox/provision/${space.did()}?customer=${encodeURIComponent(customer)}`,
        { method: 'POST' }
      )

    assert.equal((await provision('did:key:z6Mkfoo')).status, 400)
    assert.equal((await provision(CUSTOMER)).status, 200)
    assert.equal((await provision(CUSTOMER)).status, 200)
    assert.equal((await provision('did:mailto:sandbox.local:bob')).status, 400)
  })

  test('GET /receipt answers 404 for an unknown task and 400 for a non-CID', async () => {
    const unknown =
      'bafyreihzlycz7vcodhpksheuxnl6sq3sx2nhoc34g4gt2zesyyy2zzeela'

    assert.equal((await fetch(`${service.url}/receipt/${unknown}`)).status, 404)
    assert.equal((await fetch(`${service.url}/receipt/not-a-cid`)).status, 400)
  })
})

/** An indexer that only records the `claim/cache` invocations it receives. */
async function startClaimRecorder() {
  const signer = (await ed25519.generate()).withDID('did:web:indexer.local')
  const cached: {
    issuer: string
    audience: string
    claim: string
    addresses: number
  }[] = []
  const server = Server.create({
    id: signer,
    codec: CAR.inbound,
    validateAuthorization: () => ({ ok: {} }),
    service: {
      claim: {
        cache: Server.provide(ClaimCaps.cache, ({ capability, invocation }) => {
          cached.push({
            issuer: invocation.issuer.did(),
            audience: invocation.audience.did(),
            claim: capability.nb.claim.toString(),
            addresses: capability.nb.provider.addresses.length,
          })
          return Server.ok({})
        }),
      },
    },
  })
  const http: HttpService = await startHttpService(
    'claim-recorder',
    async (req, res) => {
      const body = new Uint8Array(await readBody(req))
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [
          name,
          String(value),
        ])
      )
      const out = await server.request({ headers, body })
      res.writeHead(out.status ?? 200, out.headers).end(out.body)
    }
  )
  return { did: signer.did(), url: http.url, cached, close: () => http.close() }
}

describe('sandbox upload service with an external indexer', () => {
  test('storage nodes send claim/cache of the site claim to the indexer', async (t) => {
    const indexer = await startClaimRecorder()
    t.after(() => indexer.close())
    const { uploadService } = await sandboxIdentities()
    const service = await startUploadService({
      signer: uploadService,
      ledger: new Ledger(),
      indexer: { url: indexer.url, did: indexer.did },
    })
    t.after(() => service.close())
    const space = await ed25519.generate()
    await service.provision(space.did(), CUSTOMER)

    const { site } = await addBlob(service, space, randomBytes())

    assert.deepEqual(indexer.cached, [
      {
        issuer: site.issuer.did(),
        audience: indexer.did,
        claim: site.cid.toString(),
        addresses: 0,
      },
    ])
  })
})

describe('closing the sandbox upload service', () => {
  test('close() leaves neither the service nor its storage nodes listening', async () => {
    const { uploadService } = await sandboxIdentities()
    const service = await startUploadService({
      signer: uploadService,
      ledger: new Ledger(),
    })
    const urls = [service.url, ...service.storageNodes]
    for (const url of urls) assert.equal(await isListening(url), true, url)

    await service.close()

    for (const url of urls) assert.equal(await isListening(url), false, url)
  })
})
