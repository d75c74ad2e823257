import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { UploadFailure } from '../../src/services/dynamo/migration-failures-table.js'
import { migrationWorld } from '../helpers/migration-world.js'

const world = await migrationWorld({
  seed: 'unreadable-space',
  customers: 1,
  spacesPerCustomer: 1,
  uploadsPerSpace: 10,
})
const NEEDS_INDEX = new Set([
  'not-started',
  'claims-only',
  'claims-without-space',
])

describe('a customer whose migration-spaces row cannot be read', () => {
  it('still gets the claims and the gateway authorization that need no migration space', async () => {
    const customer = world.customers[0]!
    await world.tables.migrationSpaces.createOrGet({
      customer,
      migrationSpace: 'did:key:z6MkUnreadable',
      spaceName: `Migrated Indexes - ${customer}`,
      created: '2025-01-01T00:00:00.000Z',
      indexCount: 0,
      status: 'provisioned',
      privateKey: 'not an encrypted key',
    })
    const handle = await world.startInstance('unreadable-space')
    await world.withWorker(() => handle.result())

    const failures = new Map<string, UploadFailure>()
    for (const upload of world.uploads)
      for await (const page of world.tables.migrationFailures.bySpace(
        upload.space
      ))
        for (const failure of page) failures.set(failure.root, failure)
    const normal = world.uploads.filter((u) => u.quirk === 'normal')
    assert.ok(normal.some((u) => NEEDS_INDEX.has(u.state)))
    assert.ok(normal.some((u) => !NEEDS_INDEX.has(u.state)))
    for (const upload of normal) {
      const failure = failures.get(upload.root)
      if (NEEDS_INDEX.has(upload.state)) {
        assert.equal(failure?.reason, 'SPACE_INFO_MISSING', upload.state)
        assert.match(failure?.error ?? '', /malformed/)
      } else assert.equal(failure, undefined, `${upload.state} migrates`)
    }
    const ledger = world.sandbox.ledger
    const indexOnly = normal.find((u) => u.state === 'index-only')
    if (indexOnly)
      assert.ok(
        ledger.count('claim-cached', { space: indexOnly.space }) > 0,
        'claims were published'
      )
    const space = world.uploads[0]!.space
    const progress = await world.tables.migrationProgress.get(customer, space)
    assert.ok(progress?.gatewayDelegation, 'the gateway was authorized')
  })
})
