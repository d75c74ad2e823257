import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { useTables } from '../../src/services/dynamo/index.js'
import { freshTables, testStack } from '../helpers/stack.js'

const { client, names } = await freshTables(await testStack())
const tables = useTables(client, names)
const put = (TableName: string, Item: Record<string, unknown>) =>
  client.send(new PutCommand({ TableName, Item }))

describe('progress rows the original tool wrote', () => {
  it('read as they are: counts, a JSON error, a numeric instance and worker, a null filter', async () => {
    await put(names.migrationProgress, {
      customer: 'did:mailto:example.com:old',
      space: 'did:key:z6MkOldSpace',
      status: 'failed',
      totalUploads: 120,
      completedUploads: 120,
      lastProcessedUpload: 'bafyLast',
      instanceId: 3,
      workerId: 7,
      error: '{"INDEX_MISSING":2,"SHARD_NOT_FOUND":1}',
      createdAt: '2025-10-01T00:00:00.000Z',
      updatedAt: '2025-10-02T00:00:00.000Z',
    })
    await put(names.migrationCustomers, {
      customer: 'did:mailto:example.com:old',
      status: 'pending',
      totalSpaces: 0,
      completedSpaces: 0,
      totalUploads: 0,
      completedUploads: 0,
      instanceId: '3',
      filter: null,
      error: '',
      assignedAt: '2025-09-30T00:00:00.000Z',
      updatedAt: '2025-09-30T00:00:00.000Z',
    })
    const space = await tables.migrationProgress.get(
      'did:mailto:example.com:old',
      'did:key:z6MkOldSpace'
    )
    assert.deepEqual(
      {
        status: space?.status,
        completed: space?.completedUploads,
        instance: space?.instanceId,
        worker: space?.workerId,
        error: space?.error,
      },
      {
        status: 'failed',
        completed: 120,
        instance: '3',
        worker: '7',
        error: '{"INDEX_MISSING":2,"SHARD_NOT_FOUND":1}',
      }
    )
    const customer = await tables.migrationCustomers.get(
      'did:mailto:example.com:old'
    )
    assert.equal(customer?.status, 'pending')
    assert.equal(customer?.filter, undefined)
    const page = await tables.migrationCustomers.instancePage('3', {
      limit: 10,
    })
    assert.deepEqual(page.items, ['did:mailto:example.com:old'])
  })
})
