import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { after, describe, it } from 'node:test'
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb'
import * as DID from '@ipld/dag-ucan/did'
import * as Blob from '@storacha/upload-client/blob'
import type { Service } from '@storacha/upload-client/types'
import { connect } from '@ucanto/client'
import { Delegation } from '@ucanto/core'
import { ed25519 } from '@ucanto/principal'
import { CAR, HTTP } from '@ucanto/transport'
import { sha256 } from 'multiformats/hashes/sha2'
import { delegationKey } from '../../src/migration/delegations/delegation-key.js'
import { CUSTOMER_CAPABILITY } from '../../src/migration/space/delegate.js'
import { getOrCreateMigrationSpace } from '../../src/migration/space/get-or-create.js'
import {
  decryptSpaceKey,
  SpaceKeyUndecryptable,
} from '../../src/migration/space/key-encryption.js'
import { openOrCreateSpace } from '../../src/migration/space/open-or-create.js'
import { cachedMigrationSpaces } from '../../src/migration/space/space-cache.js'
import { subscriptionId } from '../../src/migration/space/provision.js'
import type { MigrationSpacePorts as MigrationSpaceDeps } from '../../src/migration/space/types.js'
import { startSandbox } from '../../src/sandbox/sandbox.js'
import { useTables } from '../../src/services/dynamo/index.js'
import type { BlobStore } from '../../src/services/object-store/types.js'
import { originalEncryptedKey } from '../helpers/original-space-key.js'
import { freshTables, testStack } from '../helpers/stack.js'

const env = await testStack()
const { client, names } = await freshTables(env)
const tables = useTables(client, names)
const sandbox = await startSandbox()
after(() => sandbox.close())

const encryptionKey = new Uint8Array(randomBytes(32))
const mailto = () => `did:mailto:example.com:${randomUUID()}`

const baseDeps = (): MigrationSpaceDeps => ({
  tables,
  delegationStore: sandbox.delegations,
  encryptionKey,
  uploadServiceDid: sandbox.uploadService.did,
})

/** The deps with every write counted, so a test can show a call wrote nothing. */
function countingWrites(deps: MigrationSpaceDeps) {
  const writes: string[] = []
  const count =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    (...args: A) => (writes.push(name), fn(...args))
  const { migrationSpaces, consumer, subscription, delegation } = deps.tables
  const store = deps.delegationStore
  const counted: MigrationSpaceDeps = {
    ...deps,
    tables: {
      migrationSpaces: {
        get: migrationSpaces.get,
        createOrGet: count('createOrGet', migrationSpaces.createOrGet),
        setStatus: count('setStatus', migrationSpaces.setStatus),
      },
      consumer: { putIfAbsent: count('consumer', consumer.putIfAbsent) },
      subscription: {
        putIfAbsent: count('subscription', subscription.putIfAbsent),
      },
      delegation: { putAll: count('delegation', delegation.putAll) },
    },
    delegationStore: { ...store, put: count('store', store.put.bind(store)) },
  }
  return { deps: counted, writes }
}

/**
 * The deps with the first `callers` reads of the migration-spaces table held until all of them
 * have answered, so that every caller sees no space and all race to create one.
 */
function racingReads(deps: MigrationSpaceDeps, callers: number) {
  let resolve = () => {}
  const allRead = new Promise<void>((done) => (resolve = done))
  let reads = 0
  const spaces = deps.tables.migrationSpaces
  const get: typeof spaces.get = async (customer) => {
    const record = await spaces.get(customer)
    if (++reads === callers) resolve()
    if (reads <= callers) await allRead
    return record
  }
  return {
    ...deps,
    tables: { ...deps.tables, migrationSpaces: { ...spaces, get } },
  }
}

/** A delegation bucket whose first put fails, as a crash or an outage would. */
function failingOnce(store: BlobStore): BlobStore {
  let failed = false
  return {
    get: (key) => store.get(key),
    size: (key) => store.size(key),
    delete: (key) => store.delete(key),
    put: async (key, bytes) => {
      if (!failed) {
        failed = true
        throw new Error('injected delegation store outage')
      }
      await store.put(key, bytes)
    },
  }
}

/** Every row of a table whose `attribute` equals `value`. */
async function rowsWhere(table: string, attribute: string, value: string) {
  const out = await client.send(
    new ScanCommand({
      TableName: table,
      FilterExpression: '#a = :v',
      ExpressionAttributeNames: { '#a': attribute },
      ExpressionAttributeValues: { ':v': value },
      ConsistentRead: true,
    })
  )
  return out.Items ?? []
}

/** Everything the step may have written for a customer and its space. */
async function writtenFor(customer: string, space: string) {
  return {
    space: await tables.migrationSpaces.get(customer),
    consumer: await rowsWhere(names.consumer, 'customer', customer),
    subscription: await rowsWhere(names.subscription, 'customer', customer),
    delegation: await rowsWhere(names.delegation, 'issuer', space),
  }
}

describe('getOrCreateMigrationSpace', () => {
  it('creates, provisions and delegates the space to a did:mailto customer', async () => {
    const customer = mailto()
    const space = await getOrCreateMigrationSpace(baseDeps(), customer)
    assert.equal(space.created, true)
    assert.equal(space.signer.did(), space.did)
    assert.equal(space.delegationSkipped, undefined)

    const rows = await writtenFor(customer, space.did)
    assert.equal(rows.space?.migrationSpace, space.did)
    assert.equal(rows.space?.status, 'delegated')
    const storedKey = rows.space?.privateKey ?? ''
    assert.equal(
      ed25519.parse(decryptSpaceKey(storedKey, encryptionKey)).did(),
      space.did
    )
    const subscription = await subscriptionId(space.did)
    const provider = sandbox.uploadService.did
    assert.deepEqual(
      rows.consumer.map((r) => [r.subscription, r.provider, r.consumer]),
      [[subscription, provider, space.did]]
    )
    assert.deepEqual(
      rows.subscription.map((r) => [r.subscription, r.provider]),
      [[subscription, provider]]
    )
    assert.equal(rows.delegation.length, 1)
    const link = String(rows.delegation[0]?.link)
    assert.equal(rows.delegation[0]?.audience, customer)
    assert.equal(rows.delegation[0]?.expiration, null)

    const car = await sandbox.delegations.get(delegationKey(link))
    assert.ok(car, 'the delegation CAR is in the delegation bucket')
    const extracted = await Delegation.extract(car)
    if (extracted.error) throw extracted.error
    const delegation = extracted.ok
    assert.equal(delegation.cid.toString(), link)
    assert.equal(delegation.issuer.did(), space.did)
    assert.equal(delegation.audience.did(), customer)
    assert.equal(delegation.expiration, Infinity)
    assert.deepEqual(delegation.capabilities, [
      { can: CUSTOMER_CAPABILITY, with: space.did },
    ])
  })

  it('returns the same space on a second call and writes nothing', async () => {
    const customer = mailto()
    const first = await getOrCreateMigrationSpace(baseDeps(), customer)
    const before = await writtenFor(customer, first.did)
    const { deps, writes } = countingWrites(baseDeps())
    const second = await getOrCreateMigrationSpace(deps, customer)
    assert.equal(second.did, first.did)
    assert.equal(second.created, false)
    assert.deepEqual(writes, [])
    assert.deepEqual(await writtenFor(customer, first.did), before)
  })

  it('gives 8 concurrent callers for one customer one space', async () => {
    const customer = mailto()
    const deps = racingReads(baseDeps(), 8)
    const spaces = await Promise.all(
      Array.from({ length: 8 }, () => getOrCreateMigrationSpace(deps, customer))
    )
    const dids = new Set(spaces.map((s) => s.did))
    assert.equal(dids.size, 1)
    assert.equal(spaces.filter((s) => s.created).length, 1)
    const [did] = dids
    assert.ok(did)
    const rows = await writtenFor(customer, did)
    assert.equal(rows.space?.migrationSpace, did)
    assert.equal(rows.space?.status, 'delegated')
    assert.equal(rows.consumer.length, 1)
    assert.equal(rows.subscription.length, 1)
    assert.equal(rows.delegation.length, 1)
  })

  it('completes the delegation on the next call after the delegation store failed', async () => {
    const customer = mailto()
    const flaky = {
      ...baseDeps(),
      delegationStore: failingOnce(sandbox.delegations),
    }
    await assert.rejects(
      getOrCreateMigrationSpace(flaky, customer),
      /injected delegation store outage/
    )
    const stored = await tables.migrationSpaces.get(customer)
    assert.ok(stored)
    const broken = await writtenFor(customer, stored.migrationSpace)
    assert.equal(broken.space?.status, 'provisioned')
    assert.equal(broken.consumer.length, 1)
    assert.equal(broken.delegation.length, 0)

    const repaired = await getOrCreateMigrationSpace(flaky, customer)
    assert.equal(repaired.did, stored.migrationSpace)
    assert.equal(repaired.created, false)
    const rows = await writtenFor(customer, repaired.did)
    assert.equal(rows.space?.status, 'delegated')
    assert.equal(rows.delegation.length, 1)
    const car = await sandbox.delegations.get(
      delegationKey(String(rows.delegation[0]?.link))
    )
    assert.ok(car)
  })

  it('provisions and delegates a space whose creator crashed right after creating it', async () => {
    const customer = mailto()
    const { record } = await openOrCreateSpace(baseDeps(), customer)
    assert.equal(record.status, 'active')
    const space = await getOrCreateMigrationSpace(baseDeps(), customer)
    assert.equal(space.did, record.migrationSpace)
    assert.equal(space.created, false)
    const rows = await writtenFor(customer, space.did)
    assert.equal(rows.space?.status, 'delegated')
    assert.equal(rows.consumer.length, 1)
    assert.equal(rows.delegation.length, 1)
  })

  it('uses a migration-spaces row the original tool wrote, as it is', async () => {
    const customer = mailto()
    const signer = await ed25519.generate()
    const row = {
      customer,
      migrationSpace: signer.did(),
      spaceName: `Migrated Indexes - ${customer}`,
      created: '2025-06-01T00:00:00.000Z',
      lastUsed: '2025-06-02T00:00:00.000Z',
      indexCount: 3,
      status: 'provisioned',
      privateKey: originalEncryptedKey(ed25519.format(signer), encryptionKey),
    }
    await client.send(
      new PutCommand({ TableName: names.migrationSpaces, Item: row })
    )
    const space = await getOrCreateMigrationSpace(baseDeps(), customer)
    assert.equal(space.did, signer.did())
    assert.equal(space.created, false)
    const stored = await tables.migrationSpaces.get(customer)
    assert.equal(stored?.privateKey, row.privateKey, 'the row is not rewritten')
  })

  it('fails with SpaceKeyUndecryptable under the wrong encryption key', async () => {
    const customer = mailto()
    await getOrCreateMigrationSpace(baseDeps(), customer)
    const wrongKey = {
      ...baseDeps(),
      encryptionKey: new Uint8Array(randomBytes(32)),
    }
    await assert.rejects(
      getOrCreateMigrationSpace(wrongKey, customer),
      SpaceKeyUndecryptable
    )
  })

  it('provisions but does not delegate for a customer that is not did:mailto', async () => {
    const customer = `did:key:${randomUUID()}`
    const space = await getOrCreateMigrationSpace(baseDeps(), customer)
    assert.equal(space.created, true)
    assert.match(space.delegationSkipped ?? '', /not a did:mailto account/)
    const rows = await writtenFor(customer, space.did)
    assert.equal(rows.space?.status, 'provisioned')
    assert.equal(rows.consumer.length, 1)
    assert.equal(rows.subscription.length, 1)
    assert.equal(rows.delegation.length, 0)

    const { deps, writes } = countingWrites(baseDeps())
    const again = await getOrCreateMigrationSpace(deps, customer)
    assert.equal(again.did, space.did)
    assert.ok(again.delegationSkipped)
    assert.deepEqual(writes, [])
  })

  it('signs a Blob.add the sandbox upload service accepts once provisioned there', async () => {
    const customer = mailto()
    const space = await getOrCreateMigrationSpace(baseDeps(), customer)
    // The sandbox upload service keeps provisions in memory and never reads the consumer table.
    await sandbox.uploadService.provision(space.did, customer)
    const bytes = new Uint8Array(randomBytes(128))
    const connection = connect<Service>({
      id: DID.parse(sandbox.uploadService.did),
      codec: CAR.outbound,
      channel: HTTP.open<Service>({
        url: new URL(sandbox.uploadService.url),
        method: 'POST',
      }),
    })
    const { site } = await Blob.add(
      {
        issuer: space.signer,
        with: space.did,
        proofs: [],
        audience: DID.parse(sandbox.uploadService.did),
      },
      await sha256.digest(bytes),
      bytes,
      { connection }
    )
    assert.equal(site.capabilities[0]?.can, 'assert/location')
  })
})

/** The deps with the migration-spaces table's reads counted. */
function countingReads(deps: MigrationSpaceDeps) {
  const spaces = deps.tables.migrationSpaces
  const counted = {
    ...deps,
    tables: {
      ...deps.tables,
      migrationSpaces: {
        ...spaces,
        get: (customer: string) => (counted.reads++, spaces.get(customer)),
      },
    },
    reads: 0,
  }
  return counted
}

describe('cachedMigrationSpaces', () => {
  it('reads a ready space once for many uploads, and callers at the same time share the call', async () => {
    const customer = mailto()
    const deps = countingReads(baseDeps())
    const spaceOf = cachedMigrationSpaces(deps)
    const first = await Promise.all([1, 2, 3].map(() => spaceOf(customer)))
    const later = await Promise.all([1, 2, 3].map(() => spaceOf(customer)))
    assert.equal(deps.reads, 1)
    const dids = new Set([...first, ...later].map((s) => s.did))
    assert.equal(dids.size, 1)
    assert.equal(later[0]?.created, false)
    assert.equal(
      (await tables.migrationSpaces.get(customer))?.status,
      'delegated'
    )
  })

  it('forgets a call that failed, so the next one completes the space', async () => {
    const customer = mailto()
    const deps = countingReads({
      ...baseDeps(),
      delegationStore: failingOnce(sandbox.delegations),
    })
    const spaceOf = cachedMigrationSpaces(deps)
    await assert.rejects(spaceOf(customer), /injected delegation store outage/)
    const space = await spaceOf(customer)
    await spaceOf(customer)
    assert.equal(deps.reads, 2)
    const rows = await writtenFor(customer, space.did)
    assert.equal(rows.space?.status, 'delegated')
  })

  it('reads the record again once its time is up', async () => {
    const customer = mailto()
    const deps = countingReads(baseDeps())
    const spaceOf = cachedMigrationSpaces(deps, { max: 10, ttlMs: 1 })
    await spaceOf(customer)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await spaceOf(customer)
    assert.equal(deps.reads, 2)
  })
})
