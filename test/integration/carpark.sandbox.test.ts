import { after, describe, it } from 'node:test'
import { loadConfig } from '../../src/config/load.js'
import { startSandbox } from '../../src/sandbox/sandbox.js'
import { shardKey } from '../../src/services/carpark-keys.js'
import { createCarpark } from '../../src/services/carpark.js'
import { carparkContract } from '../contracts/carpark.js'

const sandbox = await startSandbox({ seed: 'carpark-contract' })
after(() => sandbox.close())
const carpark = createCarpark({
  ...loadConfig(sandbox.env, ['services']).services.carpark,
  timeoutMs: 5_000,
})

describe('the carpark client against the sandbox carpark (contract)', () => {
  for (const [behaviour, check] of Object.entries(carparkContract))
    it(behaviour, () =>
      check({
        carpark,
        putShard: (cid, bytes, protocol) =>
          sandbox.carpark.store.put(shardKey(cid, protocol), bytes),
      })
    )
})
