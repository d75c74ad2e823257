import { describe, it } from 'node:test'
import { failuresTableContract } from '../contracts/failures-table.js'
import { MemoryFailuresTable } from '../fakes/memory-failures-table.js'

describe('in-memory failures table (contract)', () => {
  for (const [behaviour, check] of Object.entries(failuresTableContract))
    it(behaviour, () => check(new MemoryFailuresTable()))
})
