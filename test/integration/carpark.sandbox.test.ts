import { after, describe, it } from 'node:test'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { loadConfig } from '../../src/config/load.js'
import { startSandbox } from '../../src/sandbox/sandbox.js'
import { blobKey, carKey } from '../../src/services/carpark-keys.js'
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
          sandbox.carpark.store.put(
            protocol === 'blob'
              ? blobKey(base58btc.encode(CID.parse(cid).multihash.bytes))
              : carKey(cid),
            bytes
          ),
      })
    )
})
