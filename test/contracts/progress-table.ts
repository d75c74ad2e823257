import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import type { MigrationProgressTable } from '../../src/services/dynamo/migration-progress-table.js'

/** What the space steps and the page activity use of the progress table. */
export type ProgressPort = Pick<
  MigrationProgressTable,
  'get' | 'update' | 'advance'
>

const CUSTOMER = 'did:mailto:test:progress'

/** What every progress table must do; run against DynamoDB and the in-memory fake. */
export const progressTableContract: Record<
  string,
  (table: ProgressPort) => Promise<void>
> = {
  'answers undefined for a space without a row': async (table) => {
    assert.equal(await table.get(CUSTOMER, 'did:key:zNone'), undefined)
  },
  'an update creates a missing row with zero counts and its times': async (
    table
  ) => {
    const before = new Date().toISOString()
    const row = await table.update(CUSTOMER, 'did:key:zNew', {
      instanceId: 'instance-1',
    })
    assert.equal(row.customer, CUSTOMER)
    assert.equal(row.space, 'did:key:zNew')
    assert.equal(row.status, 'pending')
    assert.equal(row.totalUploads, 0)
    assert.equal(row.completedUploads, 0)
    assert.equal(row.error, '')
    assert.equal(row.instanceId, 'instance-1')
    assert.ok(row.createdAt >= before)
    assert.equal(row.updatedAt, row.createdAt)
    assert.deepEqual(await table.get(CUSTOMER, 'did:key:zNew'), row)
  },
  'an update writes the fields it sets and keeps the others and the creation time':
    async (table) => {
      const created = await table.update(CUSTOMER, 'did:key:zKeep', {
        status: 'in-progress',
        totalUploads: 7,
        gatewayDelegation: 'bafyDelegation',
      })
      await sleep(5)
      const updated = await table.update(CUSTOMER, 'did:key:zKeep', {
        completedUploads: 3,
        lastProcessedUpload: 'bafyThree',
        gatewayDelegation: undefined,
      })
      assert.equal(updated.status, 'in-progress')
      assert.equal(updated.totalUploads, 7)
      assert.equal(updated.completedUploads, 3)
      assert.equal(updated.lastProcessedUpload, 'bafyThree')
      assert.equal(updated.gatewayDelegation, 'bafyDelegation')
      assert.equal(updated.createdAt, created.createdAt)
      assert.ok(updated.updatedAt >= created.updatedAt)
      assert.deepEqual(await table.get(CUSTOMER, 'did:key:zKeep'), updated)
    },
  'an update may move progress anywhere, back included': async (table) => {
    await table.update(CUSTOMER, 'did:key:zReset', {
      status: 'completed',
      completedUploads: 9,
      error: '2 uploads failed',
    })
    const reset = await table.update(CUSTOMER, 'did:key:zReset', {
      status: 'pending',
      completedUploads: 0,
      error: '',
    })
    assert.equal(reset.status, 'pending')
    assert.equal(reset.completedUploads, 0)
    assert.equal(reset.error, '')
  },
  'keeps the spaces of a customer apart': async (table) => {
    await table.update(CUSTOMER, 'did:key:zOne', { totalUploads: 1 })
    await table.update(CUSTOMER, 'did:key:zTwo', { totalUploads: 2 })
    await table.update('did:mailto:test:other', 'did:key:zOne', {
      totalUploads: 3,
    })
    assert.equal((await table.get(CUSTOMER, 'did:key:zOne'))?.totalUploads, 1)
    assert.equal((await table.get(CUSTOMER, 'did:key:zTwo'))?.totalUploads, 2)
  },
  'advances a space in progress, forward': async (table) => {
    await table.update(CUSTOMER, 'did:key:zAdvance', {
      status: 'in-progress',
      totalUploads: 10,
    })
    assert.equal(
      await table.advance(CUSTOMER, 'did:key:zAdvance', {
        completedUploads: 4,
        lastProcessedUpload: 'bafyFour',
        workerId: 'worker-1',
      }),
      true
    )
    const row = (await table.get(CUSTOMER, 'did:key:zAdvance'))!
    assert.equal(row.status, 'in-progress')
    assert.equal(row.totalUploads, 10)
    assert.equal(row.completedUploads, 4)
    assert.equal(row.lastProcessedUpload, 'bafyFour')
    assert.equal(row.workerId, 'worker-1')
  },
  'an older or equal advance neither lowers nor rewrites the count': async (
    table
  ) => {
    await table.update(CUSTOMER, 'did:key:zStale', { status: 'in-progress' })
    await table.advance(CUSTOMER, 'did:key:zStale', {
      completedUploads: 6,
      lastProcessedUpload: 'bafySix',
      workerId: 'worker-new',
    })
    for (const completedUploads of [2, 6])
      assert.equal(
        await table.advance(CUSTOMER, 'did:key:zStale', {
          completedUploads,
          lastProcessedUpload: 'bafyStale',
          workerId: 'worker-old',
        }),
        false
      )
    const row = (await table.get(CUSTOMER, 'did:key:zStale'))!
    assert.equal(row.completedUploads, 6)
    assert.equal(row.lastProcessedUpload, 'bafySix')
    assert.equal(row.workerId, 'worker-new')
    assert.equal(
      await table.advance(CUSTOMER, 'did:key:zStale', { completedUploads: 7 }),
      true
    )
  },
  'an advance does not rewrite or reopen a finished space': async (table) => {
    for (const status of ['completed', 'failed'] as const) {
      const space = `did:key:zFinished-${status}`
      const finished = await table.update(CUSTOMER, space, {
        status,
        totalUploads: 5,
        completedUploads: 5,
        error: status === 'failed' ? '1 upload failed' : '',
      })
      assert.equal(
        await table.advance(CUSTOMER, space, {
          completedUploads: 9,
          lastProcessedUpload: 'bafyLate',
        }),
        false
      )
      assert.deepEqual(await table.get(CUSTOMER, space), finished)
    }
  },
  'an advance does not start a pending space nor create a missing one': async (
    table
  ) => {
    const pending = await table.update(CUSTOMER, 'did:key:zPending', {
      totalUploads: 3,
    })
    assert.equal(
      await table.advance(CUSTOMER, 'did:key:zPending', {
        completedUploads: 1,
      }),
      false
    )
    assert.deepEqual(await table.get(CUSTOMER, 'did:key:zPending'), pending)
    assert.equal(
      await table.advance(CUSTOMER, 'did:key:zMissing', {
        completedUploads: 1,
      }),
      false
    )
    assert.equal(await table.get(CUSTOMER, 'did:key:zMissing'), undefined)
  },
}
