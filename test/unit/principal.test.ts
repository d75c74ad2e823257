import assert from 'node:assert/strict'
import { randomBytes, randomInt } from 'node:crypto'
import { describe, it } from 'node:test'
import * as UCAN from '@ipld/dag-ucan'
import * as Signature from '@ipld/dag-ucan/signature'
import * as Assert from '@storacha/capabilities/assert'
import * as ClaimCapabilities from '@storacha/capabilities/claim'
import { Delegation } from '@ucanto/core'
import type {
  Delegation as DelegationView,
  SignatureView,
  Signer,
} from '@ucanto/interface'
import { ed25519 as reference, RSA } from '@ucanto/principal'
import { access, capability, DID } from '@ucanto/validator'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { base58btc } from 'multiformats/bases/base58'
import { ed25519, Verifier } from '../../src/principal/index.js'

const KEYS = 200
const seed = () => new Uint8Array(randomBytes(32))
const payload = () => new Uint8Array(randomBytes(randomInt(0, 2048)))
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

/** The same 32-byte seed through both implementations. */
async function pair(secret = seed()) {
  return {
    ours: await ed25519.derive(secret),
    theirs: await reference.derive(secret),
    secret: hex(secret),
  }
}

/** The signature with one byte of its raw part flipped. */
function tampered<S extends SignatureView<unknown, number>>(signature: S): S {
  const raw = new Uint8Array(signature.raw)
  const at = randomInt(raw.length)
  raw[at] = (raw[at] ?? 0) ^ 1
  return Signature.create(signature.code, raw) as S
}

/** True when a verification answers false or throws. */
async function refuses(verification: boolean | PromiseLike<boolean>) {
  try {
    return !(await verification)
  } catch {
    return true
  }
}

/** The delegation with a tampered signature, otherwise the same. */
async function forged(delegation: DelegationView): Promise<DelegationView> {
  const model = { ...delegation.data.model, s: tampered(delegation.signature) }
  const root = await UCAN.write(UCAN.decode(UCAN.encode(model)))
  return Delegation.create({
    root,
    blocks: new Map([[root.cid.toString(), root]]) as DelegationView['blocks'],
  })
}

const locationCid = async (bytes: Uint8Array) =>
  CID.createV1(0x55, await sha256.digest(bytes))

describe('ed25519 through node:crypto, next to @ucanto/principal', () => {
  it(`gives the same DID, encoded key and key string for ${KEYS} random seeds`, async () => {
    for (let i = 0; i < KEYS; i++) {
      const { ours, theirs, secret } = await pair()
      assert.equal(ours.did(), theirs.did(), secret)
      assert.equal(ours.toDIDKey(), theirs.toDIDKey(), secret)
      assert.equal(hex(ours.encode()), hex(theirs.encode()), secret)
      assert.equal(ed25519.format(ours), reference.format(theirs), secret)
      assert.equal(ours.code, theirs.code)
      assert.equal(ours.signatureCode, theirs.signatureCode)
      assert.equal(ours.signatureAlgorithm, theirs.signatureAlgorithm)
      assert.equal(ours.verifier.code, theirs.verifier.code)
      assert.equal(ours.signer, ours)
    }
  })

  it(`signs byte for byte as it does, ${KEYS} random keys and payloads`, async () => {
    for (let i = 0; i < KEYS; i++) {
      const { ours, theirs, secret } = await pair()
      const bytes = payload()
      const mine = await ours.sign(bytes)
      const reference = await theirs.sign(bytes)
      assert.equal(hex(mine), hex(reference), secret)
      assert.equal(mine.code, Signature.EdDSA)
      assert.equal(hex(mine.raw), hex(reference.raw), secret)
    }
  })

  it('verifies its signatures and it verifies ours; a tampered signature or payload fails both', async () => {
    for (let i = 0; i < KEYS; i++) {
      const { ours, theirs, secret } = await pair()
      const bytes = payload()
      const mine = await ours.sign(bytes)
      const reference = await theirs.sign(bytes)
      assert.equal(await ours.verify(bytes, reference), true, secret)
      assert.equal(await theirs.verify(bytes, mine), true, secret)
      const parsed = Verifier.parse(theirs.did())
      assert.equal(await parsed.verify(bytes, reference), true, secret)
      const bad = tampered(mine)
      assert.equal(await ours.verify(bytes, bad), false, secret)
      assert.equal(await parsed.verify(bytes, bad), false, secret)
      // @noble throws on a signature whose R is no curve point; node:crypto answers false.
      assert.equal(await refuses(theirs.verify(bytes, bad)), true, secret)
      const other = new Uint8Array([...bytes, 0])
      assert.equal(await parsed.verify(other, mine), false, secret)
    }
  })

  it("refuses another key's signature and a signature of another algorithm code", async () => {
    const { ours } = await pair()
    const { theirs } = await pair()
    const bytes = payload()
    assert.equal(await ours.verify(bytes, await theirs.sign(bytes)), false)
    const mine = await ours.sign(bytes)
    const relabelled = Signature.create(Signature.ES256, mine.raw)
    assert.equal(ours.verifier.verify(bytes, relabelled as never), false)
    const short = Signature.create(Signature.EdDSA, mine.raw.subarray(1))
    assert.equal(ours.verifier.verify(bytes, short), false)
  })

  it('parses the key strings either writes, to the same signer', async () => {
    for (let i = 0; i < 20; i++) {
      const { ours, theirs, secret } = await pair()
      const fromTheirs = ed25519.parse(reference.format(theirs))
      const fromOurs = reference.parse(ed25519.format(ours))
      assert.equal(fromTheirs.did(), theirs.did(), secret)
      assert.equal(fromOurs.did(), ours.did(), secret)
      const bytes = payload()
      assert.equal(
        hex(await fromTheirs.sign(bytes)),
        hex(await fromOurs.sign(bytes))
      )
    }
  })

  it('generates keys that @ucanto/principal reads as the same signer', async () => {
    const generated = await ed25519.generate()
    assert.match(generated.did(), /^did:key:z6Mk/)
    const read = reference.parse(ed25519.format(generated))
    assert.equal(read.did(), generated.did())
    const bytes = payload()
    assert.equal(hex(await read.sign(bytes)), hex(await generated.sign(bytes)))
    assert.notEqual((await ed25519.generate()).did(), generated.did())
  })

  it('wraps a key in another DID as it does, archive included', async () => {
    const { ours, theirs } = await pair()
    const web = 'did:web:up.local' as const
    const mine = ours.withDID(web)
    const reference = theirs.withDID(web)
    assert.equal(mine.did(), web)
    assert.equal(mine.toDIDKey(), reference.toDIDKey())
    assert.equal(mine.verifier.did(), web)
    assert.equal(mine.verifier.toDIDKey(), ours.did())
    assert.equal(mine.signer, mine)
    assert.equal(mine.signatureCode, reference.signatureCode)
    assert.equal(mine.signatureAlgorithm, reference.signatureAlgorithm)
    const archive = mine.toArchive()
    const expected = reference.toArchive()
    assert.equal(archive.id, expected.id)
    assert.deepEqual(
      Object.entries(archive.keys).map(([k, v]) => [k, hex(v as Uint8Array)]),
      Object.entries(expected.keys).map(([k, v]) => [k, hex(v as Uint8Array)])
    )
    const bytes = payload()
    const signature = await mine.sign(bytes)
    assert.equal(hex(signature), hex(await reference.sign(bytes)))
    assert.equal(await mine.verify(bytes, signature), true)
    assert.equal(
      mine.withDID('did:web:other.local').did(),
      'did:web:other.local'
    )
    const rewrapped = Verifier.parse(ours.did()).withDID(web)
    assert.equal(rewrapped.did(), web)
    assert.equal(await rewrapped.verify(bytes, signature), true)
  })

  it('refuses what it refuses: a seed of the wrong size, a foreign tag, a bad key string', async () => {
    await assert.rejects(ed25519.derive(new Uint8Array(31)), /byteLength of 32/)
    const encoded = new Uint8Array((await pair()).ours.encode())
    assert.throws(() => ed25519.decode(encoded.subarray(1)), /byteLength/)
    const retagged = new Uint8Array(encoded)
    retagged[0] = 0x01
    assert.throws(() => ed25519.decode(retagged), /tag/)
    assert.throws(() => reference.decode(retagged), /tag/)
    assert.throws(() => ed25519.parse('not a key'))
    assert.throws(() => ed25519.parse(`M${'A'.repeat(92)}`))
  })
})

describe('UCANs built with the node:crypto signer', () => {
  /** The same invocation and delegation, issued by each signer. */
  async function build(issuer: Signer, audience: Signer, content: CID) {
    const claim = await Assert.location
      .invoke({
        issuer,
        audience,
        with: issuer.did(),
        nb: {
          content: { digest: content.multihash.bytes },
          location: [`http://carpark.local/${content.toString()}` as const],
          range: { offset: 0, length: 100 },
        },
        expiration: Infinity,
      })
      .delegate()
    const cache = await ClaimCapabilities.cache
      .invoke({
        issuer,
        audience,
        with: audience.did(),
        nb: { claim: claim.cid, provider: { addresses: [] } },
        proofs: [claim],
        expiration: 2_000_000_000,
        nonce: 'fixed',
      })
      .delegate()
    const delegation = await Delegation.delegate({
      issuer,
      audience,
      capabilities: [{ can: 'space/content/serve/*', with: issuer.did() }],
      expiration: 2_000_000_000,
    })
    return { claim, cache, delegation }
  }

  it('are byte-identical to those built with @ucanto/principal, same CIDs', async () => {
    for (let i = 0; i < 20; i++) {
      const issuer = await pair()
      const audience = await pair()
      const content = await locationCid(payload())
      const web = 'did:web:indexer.local' as const
      const mine = await build(issuer.ours, audience.ours.withDID(web), content)
      const theirs = await build(
        issuer.theirs,
        audience.theirs.withDID(web),
        content
      )
      for (const name of ['claim', 'cache', 'delegation'] as const) {
        assert.equal(
          mine[name].cid.toString(),
          theirs[name].cid.toString(),
          `${name} of ${issuer.secret}`
        )
        const archived = await mine[name].archive()
        const expected = await theirs[name].archive()
        assert.ok(archived.ok && expected.ok)
        assert.equal(hex(archived.ok), hex(expected.ok))
      }
    }
  })

  it('verify with the parser, and fail with a tampered signature', async () => {
    const { ours, theirs } = await pair()
    const { claim } = await build(theirs, ours, await locationCid(payload()))
    const verifier = Verifier.parse(claim.issuer.did())
    assert.equal(await UCAN.verifySignature(claim.data, verifier), true)
    const bad = await forged(claim)
    assert.equal(bad.issuer.did(), claim.issuer.did())
    assert.equal(await UCAN.verifySignature(bad.data, verifier), false)
  })
})

describe('Verifier, the principal parser of the sandbox validators', () => {
  const serve = capability({
    can: 'space/content/serve/transport/http',
    with: DID,
  })

  it('parses a did:key once and keeps it', async () => {
    const { ours } = await pair()
    const first = Verifier.parse(ours.did())
    assert.equal(Verifier.parse(ours.did()), first)
    assert.equal(first.did(), ours.did())
  })

  it('falls back to @ucanto/principal for RSA keys and refuses DIDs that are no keys', async () => {
    const rsa = await RSA.generate()
    const bytes = payload()
    const verifier = Verifier.parse(rsa.did())
    assert.equal(await verifier.verify(bytes, await rsa.sign(bytes)), true)
    assert.throws(() => Verifier.parse('did:web:up.local'))
    assert.throws(() =>
      Verifier.parse(`did:key:${base58btc.encode(new Uint8Array(34))}`)
    )
  })

  it("lets ucanto's validator accept a valid chain and refuse a forged one", async () => {
    const space = await ed25519.generate()
    const agent = await reference.generate()
    const authority = (await ed25519.generate()).withDID('did:web:gw.local')
    const proof = await Delegation.delegate({
      issuer: space,
      audience: agent,
      capabilities: [{ can: serve.can, with: space.did() }],
    })
    const invocation = await serve
      .invoke({
        issuer: agent,
        audience: authority,
        with: space.did(),
        proofs: [proof],
      })
      .delegate()
    const options = {
      capability: serve,
      authority,
      principal: Verifier,
      validateAuthorization: () => ({ ok: {} }),
    }
    const accepted = await access(invocation, options)
    assert.ok(accepted.ok, accepted.error?.message)

    const invokeWith = (proofs: DelegationView[]) =>
      serve
        .invoke({
          issuer: agent,
          audience: authority,
          with: space.did(),
          proofs,
        })
        .delegate()
    const refused = await access(
      await invokeWith([await forged(proof)]),
      options
    )
    assert.equal(refused.error?.name, 'Unauthorized')
    assert.match(refused.error?.message ?? '', /signature/i)
  })
})
