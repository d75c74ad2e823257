import assert from 'node:assert/strict'
import type { ShardSizeTable } from '../../src/migration/ports.js'

/** A shard-size table with a way to write rows, as the seeder and tests do. */
export type WritableShardSizeTable = ShardSizeTable & {
  put(space: string, key: string, size: number): unknown
}

/** What every shard-size table must do; run against DynamoDB and the in-memory fake. */
export const shardSizeTableContract: Record<
  string,
  (table: WritableShardSizeTable) => Promise<void>
> = {
  'answers the sizes of the keys it has, in one call': async (table) => {
    await table.put('did:key:zA', 'k1', 10)
    await table.put('did:key:zA', 'k2', 20)
    const sizes = await table.getSizes('did:key:zA', ['k1', 'k2', 'absent'])
    assert.deepEqual([...sizes].sort(), [
      ['k1', 10],
      ['k2', 20],
    ])
  },
  'keeps spaces apart': async (table) => {
    await table.put('did:key:zB', 'shared', 1)
    await table.put('did:key:zC', 'shared', 2)
    assert.equal(
      (await table.getSizes('did:key:zB', ['shared'])).get('shared'),
      1
    )
    assert.equal((await table.getSizes('did:key:zD', ['shared'])).size, 0)
  },
  'answers more keys than one request carries, and repeated keys once': async (
    table
  ) => {
    const keys = Array.from({ length: 150 }, (_, i) => `many-${i}`)
    for (const [i, key] of keys.entries()) await table.put('did:key:zE', key, i)
    const sizes = await table.getSizes('did:key:zE', [...keys, keys[0]!])
    assert.equal(sizes.size, 150)
    assert.equal(sizes.get('many-149'), 149)
  },
  'answers an empty map for no keys': async (table) => {
    assert.equal((await table.getSizes('did:key:zA', [])).size, 0)
  },
}
