import assert from 'node:assert/strict'
import { request } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { Access, Space, UCAN } from '@storacha/capabilities'
import { connect } from '@ucanto/client'
import { delegate } from '@ucanto/core'
import type {
  DID,
  Delegation,
  Failure,
  InferInvokedCapability,
  ServiceMethod,
  Signer,
  Unit,
} from '@ucanto/interface'
import { Absentee, ed25519 } from '@ucanto/principal'
import * as CAR from '@ucanto/transport/car'
import * as HTTP from '@ucanto/transport/http'
import {
  didKeysOf,
  type Gateway,
  type Servability,
  SERVABLE_PATH,
  startGateway,
} from '../../src/sandbox/gateway/index.js'
import { sandboxIdentities } from '../../src/sandbox/identities.js'
import { Ledger } from '../../src/sandbox/ledger.js'

const ids = await sandboxIdentities('sandbox-gateway-test')
const ROOT = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'

interface GatewayService {
  access: {
    delegate: ServiceMethod<
      InferInvokedCapability<typeof Access.delegate>,
      Unit,
      Failure
    >
  }
}

/** Ways to spoil the migration's construction, one per rejection case. */
interface Spoilers {
  /** Signs the serve delegation's attestation (default: the upload service). */
  serveAttester?: Signer
  /** Proofs of the serve delegation (default: the space → account delegation). */
  serveProofs?: 'none'
  /** Audience of the serve delegation (default: the gateway DID). */
  serveAudience?: DID
  /** Leave the attestation out of `nb.delegations`. */
  withoutAttestation?: boolean
  /** Name the serve delegation in `nb.delegations` but attach none of its blocks. */
  detachServe?: boolean
  /** A capability other than `space/content/serve/*` in place of the serve delegation. */
  serveCan?: 'space/blob/add'
  /** Audience of the `access/delegate` invocation (default: the gateway DID). */
  invocationAudience?: DID
}

interface Authorization {
  space: DID<'key'>
  serve: Delegation
  attestation: Delegation
  execute(): Promise<{
    ok?: unknown
    error?: { name: string; message: string }
  }>
}

/**
 * The migration's `createGatewayAuth` (original study §2.6): space → account `*` (what a legacy
 * space issued), account → agent `access/*` + gateway-signed attestation as invocation proofs,
 * account → gateway `space/content/serve/*` + upload-service-signed attestation in
 * `nb.delegations`, every block of both attached and linked from `facts`.
 */
async function authorize(
  gateway: Gateway,
  spoil: Spoilers = {}
): Promise<Authorization> {
  const space = await ed25519.generate()
  const account = Absentee.from({ id: 'did:mailto:example.com:alice' })
  const agent = ids.migrationAgent
  const gatewayDid = { did: () => gateway.did }
  const spaceAccess = await delegate({
    issuer: space,
    audience: account,
    capabilities: [{ can: '*', with: space.did() }],
    expiration: Infinity,
  })
  const accessDelegation = await Access.access.delegate({
    issuer: account,
    audience: agent,
    with: space.did(),
    proofs: [spaceAccess],
    expiration: Infinity,
  })
  const accessAttestation = await UCAN.attest.delegate({
    issuer: ids.gateway,
    audience: agent,
    with: ids.gateway.did(),
    nb: { proof: accessDelegation.cid },
    expiration: Infinity,
  })
  const serve = await delegate({
    issuer: account,
    audience: { did: () => spoil.serveAudience ?? gateway.did },
    capabilities: [
      { can: spoil.serveCan ?? Space.contentServe.can, with: space.did() },
    ],
    proofs: spoil.serveProofs === 'none' ? [] : [spaceAccess],
    expiration: Infinity,
  })
  const attester = spoil.serveAttester ?? ids.uploadService
  const attestation = await UCAN.attest.delegate({
    issuer: attester,
    audience: gatewayDid,
    with: attester.did(),
    nb: { proof: serve.cid },
    expiration: Infinity,
  })
  const named = spoil.withoutAttestation ? [serve] : [serve, attestation]
  const attached = spoil.detachServe ? named.filter((d) => d !== serve) : named
  const blocks = attached.flatMap((d) => [...d.iterateIPLDBlocks()])
  const invocation = Access.delegate.invoke({
    issuer: agent,
    audience: { did: () => spoil.invocationAudience ?? gateway.did },
    with: space.did(),
    nb: {
      delegations: Object.fromEntries(
        named.map((d) => [d.cid.toString(), d.cid])
      ),
    },
    proofs: [accessDelegation, accessAttestation],
    facts: [Object.fromEntries(blocks.map((b) => [b.cid.toString(), b.cid]))],
  })
  for (const block of blocks) invocation.attach(block)
  const connection = connect<GatewayService>({
    id: gatewayDid,
    codec: CAR.outbound,
    channel: HTTP.open<GatewayService>({
      url: new URL(gateway.url),
      method: 'POST',
    }),
  })
  return {
    space: space.did(),
    serve,
    attestation,
    execute: async () => (await invocation.execute(connection)).out,
  }
}

/** HEAD over node:http, so the Host header can carry the subdomain form. */
function head(url: string, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'HEAD', headers: host ? { host } : {} },
      (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      }
    )
    req.once('error', reject).end()
  })
}

async function servableOverHttp(gateway: Gateway, space: string) {
  const res = await fetch(`${gateway.url}${SERVABLE_PATH}${space}`)
  assert.equal(res.status, 200)
  return (await res.json()) as { servable: boolean; delegations: string[] }
}

describe('sandbox gateway', () => {
  const ledger = new Ledger()
  const servability = new Map<string, Servability>()
  let gateway: Gateway

  before(async () => {
    gateway = await startGateway({
      signer: ids.gateway,
      ledger,
      didKeys: didKeysOf([ids.uploadService, ids.gateway]),
      isServable: (root) => servability.get(root) ?? false,
    })
  })
  after(() => gateway.close())

  it('accepts the migration chain, stores both delegations once and authorizes serving', async () => {
    const auth = await authorize(gateway)
    assert.deepEqual(await auth.execute(), { ok: {} })

    const stored = ledger.find('delegation-stored', { space: auth.space })
    assert.deepEqual(
      stored.map((entry) => entry.delegation).sort(),
      [auth.serve.cid.toString(), auth.attestation.cid.toString()].sort()
    )
    const found = await gateway.delegationsFor(auth.space)
    assert.deepEqual(
      found.map((d) => d.cid.toString()).sort(),
      stored.map((entry) => entry.delegation).sort()
    )
    assert.deepEqual(await servableOverHttp(gateway, auth.space), {
      space: auth.space,
      servable: true,
      delegations: found.map((d) => d.cid.toString()),
    })
  })

  it('accepts a serve attestation signed by the gateway itself', async () => {
    const auth = await authorize(gateway, { serveAttester: ids.gateway })
    assert.deepEqual(await auth.execute(), { ok: {} })
    assert.equal((await gateway.servable(auth.space)).servable, true)
  })

  it('needs its attester proof to accept upload-service attestations', async (t) => {
    const strict = await startGateway({
      signer: ids.gateway,
      ledger: new Ledger(),
      didKeys: didKeysOf([ids.uploadService, ids.gateway]),
      attesters: [],
    })
    t.after(() => strict.close())
    const out = await (await authorize(strict)).execute()
    assert.equal(out.error?.name, 'Unauthorized')
    assert.match(out.error?.message ?? '', /Unable to resolve 'did:mailto/)
  })

  it('rewrites the same keys when the same authorization is sent again', async () => {
    const auth = await authorize(gateway)
    assert.deepEqual(await auth.execute(), { ok: {} })
    assert.deepEqual(await auth.execute(), { ok: {} })

    assert.equal((await gateway.delegationsFor(auth.space)).length, 2)
    assert.deepEqual(
      ledger
        .find('delegation-stored', {
          space: auth.space,
          delegation: auth.serve.cid.toString(),
        })
        .map((e) => e.write),
      ['new', 'identical'],
      'the resend writes the bytes the key already held'
    )
  })

  const rejections: {
    name: string
    spoil: () => Promise<Spoilers>
    error: string
    message: RegExp
  }[] = [
    {
      name: 'an attestation signed by a key other than the upload service’s',
      spoil: async () => ({
        serveAttester: (await ed25519.generate()).withDID(
          ids.uploadService.did()
        ),
      }),
      error: 'Unauthorized',
      message: /issued by did:web:up\.local does not has a valid signature/,
    },
    {
      name: 'a serve delegation without the space → account proof',
      spoil: async () => ({ serveProofs: 'none' }),
      error: 'Unauthorized',
      message: /can not be \(self\) issued by 'did:mailto:example\.com:alice'/,
    },
    {
      name: 'a serve delegation without its attestation',
      spoil: async () => ({ withoutAttestation: true }),
      error: 'Unauthorized',
      message: /Unable to resolve 'did:mailto/,
    },
    {
      name: 'a serve delegation whose blocks are not attached',
      spoil: async () => ({ detachServe: true }),
      error: 'HandlerExecutionError',
      message: /Block not found for delegation CID/,
    },
    {
      name: 'delegations without space/content/serve/*',
      spoil: async () => ({ serveCan: 'space/blob/add' }),
      error: 'InvalidDelegation',
      message: /no valid delegations found/,
    },
    {
      name: 'an invocation addressed to a did:mailto',
      spoil: async () => ({
        invocationAudience: 'did:mailto:example.com:gateway',
      }),
      error: 'InvalidAudience',
      message: /did:mailto:example.com:gateway/,
    },
  ]
  for (const { name, spoil, error, message } of rejections) {
    it(`rejects ${name} and stores nothing`, async () => {
      const auth = await authorize(gateway, await spoil())
      const out = await auth.execute()

      assert.equal(out.error?.name, error)
      assert.match(out.error?.message ?? '', message)
      assert.equal(ledger.count('delegation-stored', { space: auth.space }), 0)
      assert.deepEqual(await gateway.delegationsFor(auth.space), [])
      assert.equal(
        (await servableOverHttp(gateway, auth.space)).servable,
        false
      )
    })
  }

  it('stores a serve delegation to another audience, as Freeway does, but never serves with it', async () => {
    const auth = await authorize(gateway, {
      serveAudience: 'did:web:elsewhere.local',
    })
    assert.deepEqual(await auth.execute(), { ok: {} })
    assert.equal(ledger.count('delegation-stored', { space: auth.space }), 2)

    const check = await gateway.servable(auth.space)
    assert.equal(check.servable, false)
    assert.equal(check.error?.name, 'Unauthorized')
    servability.set(ROOT, { spaces: [auth.space] })
    assert.equal(await head(`${gateway.url}/ipfs/${ROOT}`), 404)
  })

  it('answers 503 for an injected fault and accepts the same call afterwards', async () => {
    const auth = await authorize(gateway)
    gateway.faults.next('error')

    await assert.rejects(auth.execute(), /→ 503/)
    assert.equal(ledger.count('delegation-stored', { space: auth.space }), 0)
    assert.deepEqual(await auth.execute(), { ok: {} })
    assert.equal(ledger.count('delegation-stored', { space: auth.space }), 2)
  })

  describe('retrieval probe HEAD /ipfs/<cid>', () => {
    it('answers 404 for a root the sandbox cannot serve', async () => {
      servability.delete(ROOT)
      assert.equal(await head(`${gateway.url}/ipfs/${ROOT}`), 404)
    })

    it('answers 200 on the legacy path, in path and subdomain form', async () => {
      servability.set(ROOT, true)
      assert.equal(await head(`${gateway.url}/ipfs/${ROOT}`), 200)
      assert.equal(
        await head(`${gateway.url}/`, `${ROOT}.ipfs.gateway.local`),
        200
      )
    })

    it('answers 200 only when a located space has authorized the gateway', async () => {
      const authorized = await authorize(gateway)
      assert.deepEqual(await authorized.execute(), { ok: {} })
      const unauthorized = (await ed25519.generate()).did()

      servability.set(ROOT, { spaces: [unauthorized] })
      assert.equal(await head(`${gateway.url}/ipfs/${ROOT}`), 404)
      servability.set(ROOT, { spaces: [unauthorized, authorized.space] })
      assert.equal(await head(`${gateway.url}/ipfs/${ROOT}`), 200)
    })

    it('answers 400 for a malformed CID', async () => {
      assert.equal(await head(`${gateway.url}/ipfs/not-a-cid`), 400)
    })
  })
})
