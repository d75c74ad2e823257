import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import type { SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import { blobKey } from '../../src/services/carpark-keys.js'
import type { InstanceResult } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

const world = await migrationWorld({
  seed: 'workflows',
  customers: 4,
  spacesPerCustomer: 2,
  uploadsPerSpace: 4,
})

const EXPECTED_FAILURES: Record<string, string> = {
  'no-shards-no-index': 'NO_SHARDS_NO_INDEX',
  'missing-size': 'SHARD_SIZE_UNKNOWN',
  'missing-blob': 'SHARD_NOT_FOUND',
}
const failsAlone = (u: SeededUpload) => EXPECTED_FAILURES[u.quirk] !== undefined

describe('the migration on Temporal, end to end', () => {
  let first: InstanceResult

  it('migrates a seeded world with every state; failures are recorded with their reason', async () => {
    const handle = await world.startInstance('e2e')
    first = await world.withWorker(() => handle.result())
    assert.equal(first.processed, world.uploads.length)
    assert.equal(first.customers, world.customers.length)
    const expectedFailed = world.uploads.filter(failsAlone)
    assert.equal(first.failed, expectedFailed.length)
    assert.equal(first.status, 'failed', 'some uploads cannot be migrated')
    for (const upload of expectedFailed) {
      const rows = []
      for await (const page of world.tables.migrationFailures.bySpace(
        upload.space
      ))
        rows.push(...page)
      const row = rows.find((r) => r.root === upload.root)
      assert.equal(row?.reason, EXPECTED_FAILURES[upload.quirk], upload.quirk)
    }
  })

  it('leaves every migrated upload servable at the gateway, once per space', async () => {
    const withOwner = await spacesWithGatewayDelegation()
    for (const upload of world.uploads) {
      if (failsAlone(upload) || !withOwner.has(upload.space)) continue
      const res = await fetch(
        `${world.sandbox.gateway.url}/ipfs/${upload.root}`,
        { method: 'HEAD' }
      )
      assert.equal(res.status, 200, `${upload.state}/${upload.quirk}`)
    }
    // One access/delegate per space stores the same number of delegations (the chain).
    const stored = [...withOwner].map((space) =>
      world.sandbox.ledger.count('delegation-stored', { space })
    )
    assert.ok(stored.length > 0)
    assert.equal(new Set(stored).size, 1, 'gateway authorized once per space')
    assertNoDuplicateSideEffects(world.sandbox)
  })

  it('mirrors progress per space and per customer, agreeing with the uploads', async () => {
    const bySpace = groupBy(world.uploads, (u) => u.space)
    for (const [space, uploads] of bySpace) {
      const customer = uploads[0]!.customer
      const row = await world.tables.migrationProgress.get(customer, space)
      assert.ok(row, `progress row of ${space}`)
      assert.equal(row.totalUploads, uploads.length)
      assert.equal(row.completedUploads, uploads.length)
      const clean =
        uploads.every((u) => !failsAlone(u)) && row.gatewayDelegation
      assert.equal(row.status, clean ? 'completed' : 'failed', row.error)
    }
    for (const customer of world.customers) {
      const row = await world.tables.migrationCustomers.get(customer)
      assert.ok(row, `customer row of ${customer}`)
      const uploads = world.uploads.filter((u) => u.customer === customer)
      assert.equal(row.completedUploads, uploads.length)
      assert.notEqual(row.status, 'in-progress')
    }
  })

  it('re-checks cheaply when run again: completed spaces skipped, nothing written, nothing duplicated', async () => {
    const before = world.sideEffects()
    const handle = await world.startInstance('e2e-again')
    const again = await world.withWorker(() => handle.result())
    assert.ok((again.skipped ?? 0) > 0, 'completed spaces are skipped')
    assert.equal(again.processed + (again.skipped ?? 0), first.processed)
    assert.equal(again.migrated, 0)
    assert.equal(again.failed, first.failed)
    assert.deepEqual(world.sideEffects(), before)
  })
})

describe('re-driving failures', () => {
  it('retries only the failed uploads; a fixed one migrates and leaves the failures table', async () => {
    const fixable = world.uploads.filter((u) => u.quirk === 'missing-size')
    assert.ok(fixable.length > 0)
    for (const upload of fixable) {
      // The size row the seeder left out, from the blob itself.
      const multihash = base58btc.encode(
        CID.parse(upload.shards[0]!).multihash.bytes
      )
      const size = await world.sandbox.carpark.store.size(blobKey(multihash))
      assert.ok(size)
      await world.tables.allocation.put(upload.space, multihash, size)
    }
    const failedBefore = world.uploads.filter(failsAlone).length
    const handle = await world.startInstance('retry-failed', {
      onlyFailed: true,
    })
    const retried = await world.withWorker(() => handle.result())
    assert.equal(retried.processed, failedBefore, 'only the failed uploads')
    assert.equal(retried.migrated, fixable.length)
    assert.equal(retried.failed, failedBefore - fixable.length)
    for (const upload of fixable) {
      const rows = []
      for await (const page of world.tables.migrationFailures.bySpace(
        upload.space
      ))
        rows.push(...page.filter((r) => r.root === upload.root))
      assert.deepEqual(rows, [], 'its failure is cleared')
    }
    assertNoDuplicateSideEffects(world.sandbox)
  })
})

async function spacesWithGatewayDelegation() {
  const spaces = new Set<string>()
  for await (const page of world.tables.migrationProgress.scanAll())
    for (const row of page) if (row.gatewayDelegation) spaces.add(row.space)
  return spaces
}

function groupBy<T>(items: T[], key: (item: T) => string) {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    groups.set(k, [...(groups.get(k) ?? []), item])
  }
  return groups
}
