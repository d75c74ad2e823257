import { describe, it } from 'node:test'
import { LocalIpniQueue } from '../../src/services/ipni-queue/local.js'
import { MemoryBlobStore } from '../../src/services/object-store/local.js'
import { ipniQueueContract } from '../contracts/ipni-queue.js'

describe('in-process IPNI queue (contract)', () => {
  for (const [behaviour, check] of Object.entries(ipniQueueContract))
    it(behaviour, () => {
      const queue = new LocalIpniQueue(new MemoryBlobStore())
      return check({
        queue,
        queued: async () => queue.jobs.length,
        jobObject: (jobId) => queue.store.get(jobId),
      })
    })
})
