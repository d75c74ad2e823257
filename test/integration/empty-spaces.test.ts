import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { migrationWorld } from '../helpers/migration-world.js'

const world = await migrationWorld({
  seed: 'empty-spaces',
  customers: 3,
  spacesPerCustomer: 3,
  uploadsPerSpace: 2,
})

async function spacesOf(customer: string): Promise<string[]> {
  const spaces: string[] = []
  let cursor: string | undefined
  do {
    const page = await world.tables.consumer.rowsOfCustomerPage(customer, {
      cursor,
      limit: 100,
    })
    spaces.push(...page.items.map((row) => row.consumer))
    cursor = page.cursor
  } while (cursor)
  return spaces
}

describe('empty spaces', () => {
  it('are neither authorized at the gateway nor failed', async () => {
    const withUploads = new Set(world.uploads.map((u) => u.space))
    const empty: { customer: string; space: string }[] = []
    for (const customer of world.customers)
      for (const space of await spacesOf(customer))
        if (!withUploads.has(space)) empty.push({ customer, space })
    assert.ok(empty.length > 0, 'the seeded world has empty spaces')
    const handle = await world.startInstance('empty-spaces')
    await world.withWorker(() => handle.result())
    for (const { customer, space } of empty) {
      const row = await world.tables.migrationProgress.get(customer, space)
      assert.equal(row?.status, 'completed', space)
      assert.equal(row?.gatewayDelegation, undefined, space)
      assert.equal(
        world.sandbox.ledger.count('delegation-stored', { space }),
        0,
        space
      )
    }
  })
})
