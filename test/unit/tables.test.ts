import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createTableInput, TABLES } from '../../src/services/dynamo/tables.js'
import { toItem } from '../../src/services/dynamo/upload-table.js'

describe('table definitions', () => {
  it('define migration-progress with the status-index GSI the monitor queries', () => {
    const input = createTableInput('p', TABLES.migrationProgress)
    assert.deepEqual(input.KeySchema, [
      { AttributeName: 'customer', KeyType: 'HASH' },
      { AttributeName: 'space', KeyType: 'RANGE' },
    ])
    assert.deepEqual(input.GlobalSecondaryIndexes, [
      {
        IndexName: 'status-index',
        KeySchema: [
          { AttributeName: 'status', KeyType: 'HASH' },
          { AttributeName: 'updatedAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ])
    assert.deepEqual(
      input.AttributeDefinitions?.map((a) => a.AttributeName).sort(),
      ['customer', 'space', 'status', 'updatedAt']
    )
  })

  it('define each key attribute once, even when indexes share it', () => {
    for (const [name, schema] of Object.entries(TABLES)) {
      const attributes =
        createTableInput(name, schema).AttributeDefinitions?.map(
          (a) => a.AttributeName
        ) ?? []
      assert.equal(new Set(attributes).size, attributes.length, name)
    }
  })

  it('store an upload without shards with no shards attribute (DynamoDB has no empty sets)', () => {
    assert.deepEqual(toItem({ space: 's', root: 'r', shards: [] }), {
      space: 's',
      root: 'r',
    })
    assert.deepEqual(toItem({ space: 's', root: 'r', shards: ['a'] }), {
      space: 's',
      root: 'r',
      shards: new Set(['a']),
    })
  })
})
