import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { SpaceProgress } from '../../src/services/dynamo/migration-progress-table.js'
import type { InstanceResult } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

const world = await migrationWorld({
  seed: 're-runs',
  customers: 2,
  spacesPerCustomer: 2,
  uploadsPerSpace: 3,
})

const [first, second] = world.customers as [string, string]
const spacesOf = (customer: string) => [
  ...new Set(
    world.uploads.filter((u) => u.customer === customer).map((u) => u.space)
  ),
]
const [twiceListed, sharedWithOther] = spacesOf(first) as [string, string]
const uploadsOf = (customer: string) =>
  world.uploads.filter((u) => u.customer === customer).length
/** The first customer's seeded uploads are all of the kinds that migrate. */
const onlyFirst = { kind: 'list' as const, customers: [first] }

/** Every progress row, by customer and space. */
async function progressRows(): Promise<Map<string, SpaceProgress>> {
  const rows = new Map<string, SpaceProgress>()
  for await (const page of world.tables.migrationProgress.scanAll())
    for (const row of page) rows.set(`${row.customer} ${row.space}`, row)
  return rows
}

async function customerRows() {
  return Promise.all(
    world.customers.map((c) => world.tables.migrationCustomers.get(c))
  )
}

/** Requests the Storacha services answered, by service. */
const requests = () => ({
  indexer: world.sandbox.indexer.requests,
  uploadService: world.sandbox.uploadService.requests,
  gateway: world.sandbox.gateway.requests,
  carpark: world.sandbox.carpark.service.requests,
  indexWorker: world.sandbox.indexWorker.requests,
})

const run = async (
  name: string,
  input: Parameters<typeof world.startInstance>[1] = {}
): Promise<InstanceResult> => {
  const handle = await world.startInstance(name, input)
  return world.withWorker(() => handle.result())
}

describe('re-runs of a migrated scope', () => {
  it('migrates a space the consumer table lists twice (two providers, two customers) once, under its first customer', async () => {
    // The same customer under the new provider too, and another customer provisioned later.
    await world.tables.consumer.putIfAbsent({
      subscription: `${first}:${twiceListed}:new`,
      provider: 'did:web:up.storacha.network',
      consumer: twiceListed,
      customer: first,
      insertedAt: '2025-06-01T00:00:00.000Z',
    })
    await world.tables.consumer.putIfAbsent({
      subscription: `${second}:${sharedWithOther}`,
      provider: 'did:web:up.storacha.network',
      consumer: sharedWithOther,
      customer: second,
      insertedAt: '2025-06-01T00:00:00.000Z',
    })
    const result = await run('first-run')
    assert.equal(result.processed, world.uploads.length, 'distinct uploads')
    assert.equal((await customerRows())[0]?.status, 'completed')
    assertNoDuplicateSideEffects(world.sandbox)
    const authorized = world.sandbox.ledger
      .find('delegation-stored')
      .map((e) => e.space)
    // One authorization stores the same number of delegations for every space.
    const once = authorized.filter((s) => s === spacesOf(second)[0]).length
    assert.ok(once > 0)
    assert.equal(authorized.filter((s) => s === twiceListed).length, once)
    assert.equal(authorized.filter((s) => s === sharedWithOther).length, once)
    const rows = await progressRows()
    assert.ok(!rows.has(`${second} ${sharedWithOther}`), 'not under the later')
    assert.equal(rows.get(`${first} ${sharedWithOther}`)?.status, 'completed')
    for (const [customer, row] of world.customers.map(
      (c, i) => [c, i] as const
    )) {
      const own = world.uploads.filter((u) => u.customer === customer).length
      assert.equal(
        (await customerRows())[row]?.completedUploads,
        own,
        `${customer} counts its distinct uploads`
      )
    }
  })

  it('skips completed spaces at one read each: no request to any Storacha service', async () => {
    const rowsBefore = await progressRows()
    const customersBefore = await customerRows()
    const before = requests()
    const ledger = world.sandbox.ledger.all().length
    const result = await run('completed-again', { source: onlyFirst })
    assert.deepEqual(requests(), before, 'no service request')
    assert.equal(world.sandbox.ledger.all().length, ledger)
    assert.equal(result.status, 'completed')
    assert.equal(result.processed, 0)
    assert.equal(result.skipped, uploadsOf(first))
    assert.deepEqual(
      [...(await progressRows()).values()].map((r) => [
        r.space,
        r.status,
        r.completedUploads,
      ]),
      [...rowsBefore.values()].map((r) => [
        r.space,
        r.status,
        r.completedUploads,
      ])
    )
    assert.deepEqual(
      (await customerRows()).map((r) => [r?.status, r?.completedUploads]),
      customersBefore.map((r) => [r?.status, r?.completedUploads])
    )
  })

  it('a --limit re-run, even a recheck, leaves completed rows completed with their counts', async () => {
    const rowsBefore = await progressRows()
    const customersBefore = await customerRows()
    const limited = await run('limited', { source: onlyFirst, limit: 2 })
    assert.equal(limited.status, 'completed', 'nothing left to limit')
    const rechecked = await run('rechecked', {
      source: onlyFirst,
      limit: 2,
      recheck: true,
    })
    assert.equal(rechecked.status, 'partial')
    assert.equal(rechecked.processed, 2)
    assert.equal(rechecked.alreadyMigrated, 2)
    for (const [key, row] of await progressRows()) {
      if (!key.startsWith(first)) continue
      assert.equal(row.status, 'completed', key)
      assert.equal(
        row.completedUploads,
        rowsBefore.get(key)?.completedUploads,
        key
      )
    }
    assert.deepEqual(
      (await customerRows()).map((r) => [r?.status, r?.completedUploads]),
      customersBefore.map((r) => [r?.status, r?.completedUploads])
    )
    assertNoDuplicateSideEffects(world.sandbox)
  })

  it('--retry-failed visits only the spaces with failure rows', async () => {
    const failing = new Set<string>()
    for (const space of new Set(world.uploads.map((u) => u.space)))
      for await (const page of world.tables.migrationFailures.bySpace(space))
        if (page.length > 0) failing.add(space)
    assert.ok(failing.size > 0, 'the seeded quirks left failures')
    assert.ok(spacesOf(first).every((space) => !failing.has(space)))
    await run('retry', { onlyFailed: true })
    const prefix = `migration/${world.config.env}/full+failed/space/`
    const visited = new Set<string>()
    for (const space of new Set(world.uploads.map((u) => u.space))) {
      const handle = world.temporal.client.workflow.getHandle(prefix + space)
      if (
        await handle.describe().then(
          () => true,
          () => false
        )
      )
        visited.add(space)
    }
    assert.deepEqual([...visited].sort(), [...failing].sort())
  })
})
