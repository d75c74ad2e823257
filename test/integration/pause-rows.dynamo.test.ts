import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { useTables } from '../../src/services/dynamo/index.js'
import { NO_PAUSE } from '../../src/services/dynamo/pause-attributes.js'
import { freshTables, testStack } from '../helpers/stack.js'

const { client, names } = await freshTables(await testStack())
const { migrationProgress, migrationCustomers } = useTables(client, names)

const CUSTOMER = 'did:mailto:test:pause'
const PAUSE = {
  reason: 'space/blob/add: ServiceUnavailable: writes are disabled',
  at: '2026-01-02T03:04:05.000Z',
}

describe('pause and gateway attributes on DynamoDB rows', () => {
  it('a space row shows a pause until cleared; a missing row stays missing', async () => {
    const space = 'did:key:z6MkPaused'
    await migrationProgress.update(CUSTOMER, space, { status: 'in-progress' })
    assert.equal(
      (await migrationProgress.get(CUSTOMER, space))?.pause,
      undefined
    )
    assert.equal(await migrationProgress.setPause(CUSTOMER, space, PAUSE), true)
    const paused = await migrationProgress.get(CUSTOMER, space)
    assert.deepEqual(paused?.pause, PAUSE)
    assert.equal(paused?.status, 'in-progress')
    assert.equal(
      await migrationProgress.setPause(CUSTOMER, space, undefined),
      true
    )
    assert.equal(
      (await migrationProgress.get(CUSTOMER, space))?.pause,
      undefined
    )
    // A run that keeps no rows must not make one appear.
    assert.equal(
      await migrationProgress.setPause(CUSTOMER, 'did:key:z6MkNoRow', PAUSE),
      false
    )
    assert.equal(
      await migrationProgress.get(CUSTOMER, 'did:key:z6MkNoRow'),
      undefined
    )
  })

  it('a new run clears a pause left behind, and its gateway reason', async () => {
    const space = 'did:key:z6MkLeftBehind'
    await migrationProgress.update(CUSTOMER, space, {
      status: 'failed',
      gatewayReason: 'MISSING_DELEGATION',
    })
    await migrationProgress.setPause(CUSTOMER, space, PAUSE)
    assert.equal(
      (await migrationProgress.get(CUSTOMER, space))?.gatewayReason,
      'MISSING_DELEGATION'
    )
    const row = await migrationProgress.update(CUSTOMER, space, {
      status: 'in-progress',
      gatewayReason: '',
      ...NO_PAUSE,
    })
    assert.equal(row.pause, undefined)
    assert.equal(row.gatewayReason, undefined)
  })

  it('a customer row shows a pause until cleared, and a new run clears one left behind', async () => {
    await migrationCustomers.update(CUSTOMER, { status: 'in-progress' })
    assert.equal(await migrationCustomers.setPause(CUSTOMER, PAUSE), true)
    assert.deepEqual((await migrationCustomers.get(CUSTOMER))?.pause, PAUSE)
    assert.equal(await migrationCustomers.setPause(CUSTOMER, undefined), true)
    assert.equal((await migrationCustomers.get(CUSTOMER))?.pause, undefined)
    await migrationCustomers.setPause(CUSTOMER, PAUSE)
    const row = await migrationCustomers.update(CUSTOMER, {
      status: 'in-progress',
      ...NO_PAUSE,
    })
    assert.equal(row.pause, undefined)
    assert.equal(
      await migrationCustomers.setPause('did:mailto:test:none', PAUSE),
      false
    )
    assert.equal(
      await migrationCustomers.get('did:mailto:test:none'),
      undefined
    )
  })
})
