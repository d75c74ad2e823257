import { describe, it } from 'node:test'
import { shardSizeTableContract } from '../contracts/shard-size-table.js'
import { MemoryShardSizeTable } from '../fakes/memory-size-tables.js'

describe('in-memory shard-size table (contract)', () => {
  for (const [behaviour, check] of Object.entries(shardSizeTableContract))
    it(behaviour, () => check(new MemoryShardSizeTable()))
})
