import { describe, it } from 'node:test'
import { indexWorkerContract } from '../contracts/index-worker.js'
import { MemoryIndexWorker } from '../fakes/memory-index-worker.js'

describe('in-memory index worker (contract)', () => {
  for (const [behaviour, check] of Object.entries(indexWorkerContract))
    it(behaviour, () => {
      const indexWorker = new MemoryIndexWorker()
      return check({
        indexWorker,
        putShard: async (cid, bytes, protocol) => {
          indexWorker.shards.set(cid, bytes)
          indexWorker.storedAs.set(cid, protocol)
        },
      })
    })
})
