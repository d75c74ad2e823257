import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CAR, delegate } from '@ucanto/core'
import type { Ability, Delegation } from '@ucanto/interface'
import { Absentee, ed25519 } from '@ucanto/principal'
import {
  PermanentError,
  ServiceRejected,
  TransientError,
} from '../../src/failures/index.js'
import { delegationKey } from '../../src/migration/delegations/delegation-key.js'
import {
  authorizeGateway,
  type GatewayAuthPorts,
} from '../../src/migration/gateway/authorize-gateway.js'
import {
  type NoOwnerReason,
  OwnerDelegationNotFound,
} from '../../src/migration/gateway/errors.js'
import { findOwnerDelegation } from '../../src/migration/gateway/owner-delegation.js'
import { createGateway } from '../../src/services/gateway/gateway.js'
import { useDelegationTable } from '../../src/services/dynamo/delegation-table.js'
import { useTables, type Tables } from '../../src/services/dynamo/index.js'
import type { DelegationRecord } from '../../src/services/dynamo/delegation-table.js'
import { MemoryBlobStore } from '../../src/services/object-store/local.js'
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js'
import { DEFAULT_SEED_OPTIONS } from '../../src/sandbox/seed/plan.js'
import { seedSandbox } from '../../src/sandbox/seed/seed-sandbox.js'
import { sandboxDeps } from '../helpers/sandbox-deps.js'
import { freshTables, testStack } from '../helpers/stack.js'

const env = await testStack()

const ACCOUNT = 'did:mailto:example.com:owner'

/** Spaces of the seeded world by ordinal: 3 has no owner delegation, 9's customer is a did:web. */
const WORLD = { ...DEFAULT_SEED_OPTIONS, customers: 10, spacesPerCustomer: 1 }
const WITH_OWNER = 0
const WITHOUT_OWNER = 3
const NOT_MAILTO = 9

describe('gateway authorization', () => {
  let sandbox: Sandbox
  let tables: Tables
  let client: Awaited<ReturnType<typeof freshTables>>['client']
  let names: Awaited<ReturnType<typeof freshTables>>['names']
  let deps: GatewayAuthPorts
  const spaces: string[] = []

  before(async () => {
    sandbox = await startSandbox({ seed: 'migration-gateway-auth' })
    ;({ client, names } = await freshTables(env))
    tables = useTables(client, names)
    await seedSandbox(
      sandbox,
      { client, tables: names },
      { ...WORLD, uploadsPerSpace: 1, metadataOnly: true },
      ({ space }) => {
        if (!spaces.includes(space)) spaces.push(space)
      }
    )
    deps = (await sandboxDeps({ sandbox, names })).deps.gatewayAuth
  })
  after(() => sandbox.close())

  const seeded = (ordinal: number) => {
    const space = spaces[ordinal]
    assert.ok(space, `seeded space ${ordinal}`)
    return space
  }

  /** Writes a delegation's row and (unless `car: false`) its CAR, as w3infra stores them. */
  async function store(
    d: Delegation,
    { car = true, cause }: { car?: boolean; cause?: string } = {}
  ) {
    if (car) {
      const archive = await d.archive()
      if (archive.error) throw archive.error
      await sandbox.delegations.put(delegationKey(d.cid.toString()), archive.ok)
    }
    const row: DelegationRecord = {
      link: d.cid.toString(),
      issuer: d.issuer.did(),
      audience: d.audience.did(),
      expiration: Number.isFinite(d.expiration) ? d.expiration : undefined,
      cause,
    }
    await tables.delegation.putAll([row])
  }

  async function ownerOf(
    space: Awaited<ReturnType<typeof ed25519.generate>>,
    o: {
      can?: Ability
      expiration?: number
      audience?: string
      nonce?: string
    } = {}
  ) {
    return delegate({
      issuer: space,
      audience: Absentee.from({
        id: (o.audience ?? ACCOUNT) as `did:mailto:${string}:${string}`,
      }),
      capabilities: [{ can: o.can ?? '*', with: space.did() }],
      expiration: o.expiration ?? Infinity,
      nonce: o.nonce,
    })
  }

  async function assertNoOwner(space: string, reason: NoOwnerReason) {
    await assert.rejects(authorizeGateway(deps, { space }), (err) => {
      assert.ok(err instanceof OwnerDelegationNotFound)
      assert.ok(err instanceof PermanentError)
      assert.equal(err.name, 'SpaceHasNoOwner')
      assert.equal(err.why, reason)
      return true
    })
    assert.equal(sandbox.ledger.count('delegation-stored', { space }), 0)
  }

  it('authorizes a seeded space once, and a rerun sends the same serve delegation', async () => {
    const space = seeded(WITH_OWNER)
    assert.equal((await sandbox.gateway.servable(space)).servable, false)

    const first = await authorizeGateway(deps, { space })

    assert.equal((await sandbox.gateway.servable(space)).servable, true)
    const stored = sandbox.ledger.find('delegation-stored', { space })
    assert.ok(stored.some((e) => e.delegation === first.delegation))
    const serve = (await sandbox.gateway.delegationsFor(space)).find(
      (d) => d.cid.toString() === first.delegation
    )
    assert.equal(serve?.audience.did(), sandbox.gateway.did)
    assert.equal(serve?.capabilities[0]?.can, 'space/content/serve/*')
    assert.match(first.account, /^did:mailto:/)

    const second = await authorizeGateway(deps, { space })
    assert.equal(second.delegation, first.delegation)
    assert.equal(
      sandbox.ledger.count('delegation-stored', {
        space,
        delegation: first.delegation,
      }),
      2
    )
    assert.equal((await sandbox.gateway.delegationsFor(space)).length, 2)
  })

  it('refuses a seeded space without an owner delegation', async () => {
    await assertNoOwner(seeded(WITHOUT_OWNER), 'no-delegations')
  })

  it('refuses a seeded space whose customer is not a did:mailto', async () => {
    await assertNoOwner(seeded(NOT_MAILTO), 'customer-not-mailto')
  })

  it('refuses a space whose only owner delegation has expired', async () => {
    const space = await ed25519.generate()
    const expired = Math.floor(Date.now() / 1000) - 60
    await store(await ownerOf(space, { expiration: expired }))
    await assertNoOwner(space.did(), 'no-valid-delegation')
  })

  it('refuses a space whose only delegation lacks access/*', async () => {
    const space = await ed25519.generate()
    await store(await ownerOf(space, { can: 'space/*' }))
    await assertNoOwner(space.did(), 'no-valid-delegation')
  })

  it('refuses a space whose only delegation CAR is missing from the bucket', async () => {
    const space = await ed25519.generate()
    await store(await ownerOf(space), { car: false })
    await assertNoOwner(space.did(), 'no-valid-delegation')
  })

  it('finds the valid delegation among many across DynamoDB pages', async () => {
    // A fixed key and fixed nonces give fixed CIDs, so the valid row sorts past the first page.
    const space = await ed25519.derive(new Uint8Array(32).fill(7))
    const valid = await ownerOf(space)
    await store(valid)
    for (let i = 0; i < 33; i++) {
      const decoy = await ownerOf(space, {
        can: i % 3 === 0 ? 'store/*' : 'space/content/serve/*',
        audience: i % 3 === 2 ? `did:mailto:decoy.example:u${i}` : ACCOUNT,
        expiration: i % 3 === 2 ? 1_000 + i : Infinity,
        nonce: `decoy-${i}`,
      })
      await store(decoy, { car: i % 5 !== 0 })
    }
    const pages: string[][] = []
    const index = useDelegationTable(client, names.delegation, { pageSize: 5 })
    const counting = {
      async *byIssuer(issuer: string) {
        for await (const page of index.byIssuer(issuer)) {
          pages.push(page.map((r) => r.link))
          yield page
        }
      },
    }

    const owner = await findOwnerDelegation(
      { ...deps, delegationTable: counting },
      space.did()
    )

    assert.equal(owner.delegation.cid.toString(), valid.cid.toString())
    assert.equal(pages.flat().length, 34)
    const validPage = pages.findIndex((p) => p.includes(valid.cid.toString()))
    assert.ok(
      validPage > 0,
      `valid row on page ${validPage} of ${pages.length}`
    )
    const result = await authorizeGateway(
      { ...deps, delegationTable: index },
      { space: space.did() }
    )
    assert.equal((await sandbox.gateway.servable(space.did())).servable, true)
    assert.equal(
      sandbox.ledger.count('delegation-stored', {
        space: space.did(),
        delegation: result.delegation,
      }),
      1
    )
  })

  it('reads the owner delegation from R2 before S3', async () => {
    const space = await ed25519.generate()
    const valid = await ownerOf(space)
    await store(valid, { car: false })
    const r2 = new MemoryBlobStore()
    const archive = await valid.archive()
    if (archive.error) throw archive.error
    await r2.put(delegationKey(valid.cid.toString()), archive.ok)

    const owner = await findOwnerDelegation({ ...deps, r2 }, space.did())
    assert.equal(owner.delegation.cid.toString(), valid.cid.toString())
  })

  it('reads a delegation stored as a plain CAR with the delegation as root (w3infra layout)', async () => {
    const space = await ed25519.generate()
    const valid = await ownerOf(space)
    await store(valid, { car: false })
    const blocks = new Map(
      [...valid.iterateIPLDBlocks()].map((b) => [b.cid.toString(), b])
    )
    await sandbox.delegations.put(
      delegationKey(valid.cid.toString()),
      CAR.encode({ roots: [valid.root], blocks })
    )

    const owner = await findOwnerDelegation(deps, space.did())
    assert.equal(owner.delegation.cid.toString(), valid.cid.toString())
  })

  it('fails permanently with the gateway’s error name when signed with the wrong gateway key', async () => {
    const space = seeded(WITH_OWNER + 1)
    const impostor = (await ed25519.generate()).withDID(sandbox.gateway.did)
    const wrong = { ...deps, signers: { ...deps.signers, gateway: impostor } }

    await assert.rejects(authorizeGateway(wrong, { space }), (err) => {
      assert.ok(err instanceof ServiceRejected)
      assert.ok(err instanceof PermanentError)
      assert.equal(err.serviceError, 'Unauthorized')
      return true
    })
    assert.equal(sandbox.ledger.count('delegation-stored', { space }), 0)
  })

  it('fails transiently on a 503 and succeeds when retried', async () => {
    const space = seeded(WITH_OWNER + 2)
    sandbox.gateway.faults.next('error')

    await assert.rejects(authorizeGateway(deps, { space }), (err) => {
      assert.ok(err instanceof TransientError)
      assert.match(err.message, /503/)
      return true
    })
    assert.equal(sandbox.ledger.count('delegation-stored', { space }), 0)
    await authorizeGateway(deps, { space })
    assert.equal((await sandbox.gateway.servable(space)).servable, true)
  })

  it('fails transiently on a 429 with Retry-After in milliseconds', async () => {
    sandbox.gateway.faults.set({ rateLimitRate: 1, retryAfterSeconds: 7 })
    try {
      await assert.rejects(
        authorizeGateway(deps, { space: seeded(WITH_OWNER) }),
        (err) => {
          assert.ok(err instanceof TransientError)
          assert.equal(err.retryAfterMs, 7_000)
          return true
        }
      )
    } finally {
      sandbox.gateway.faults.clear()
    }
  })

  it('fails transiently when the gateway does not answer in time', async () => {
    sandbox.gateway.faults.next('hang')
    await assert.rejects(
      authorizeGateway(
        {
          ...deps,
          gateway: createGateway(
            { url: sandbox.gateway.url, did: sandbox.gateway.did },
            { timeoutMs: 300 }
          ),
        },
        { space: seeded(WITH_OWNER) }
      ),
      (err) => {
        assert.ok(err instanceof TransientError)
        assert.match(err.message, /timed out/)
        return true
      }
    )
  })
})
