import { after, describe, it } from 'node:test'
import { startSandbox } from '../../src/sandbox/sandbox.js'
import { shardKey } from '../../src/services/carpark-keys.js'
import { createIndexWorker } from '../../src/services/index-worker.js'
import { indexWorkerContract } from '../contracts/index-worker.js'

const sandbox = await startSandbox({
  seed: 'index-worker-contract',
  indexWorkerMaxBlocks: 4,
})
after(() => sandbox.close())
const indexWorker = createIndexWorker({
  url: sandbox.indexWorker.url,
  timeoutMs: 5_000,
})

describe('the index worker client against the sandbox index worker (contract)', () => {
  for (const [behaviour, check] of Object.entries(indexWorkerContract))
    it(behaviour, () =>
      check({
        indexWorker,
        putShard: (cid, bytes, protocol) =>
          sandbox.carpark.store.put(shardKey(cid, protocol), bytes),
      })
    )
})
