import { describe, it } from 'node:test'
import { progressTableContract } from '../contracts/progress-table.js'
import { MemoryProgressTable } from '../fakes/memory-progress-table.js'

describe('in-memory progress table (contract)', () => {
  for (const [behaviour, check] of Object.entries(progressTableContract))
    it(behaviour, () => check(new MemoryProgressTable()))
})
