import { describe, it } from 'node:test'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { carparkUrl } from '../../src/migration/claims/locate.js'
import { carparkContract } from '../contracts/carpark.js'
import { MemoryCarpark } from '../fakes/memory-carpark.js'

describe('in-memory carpark (contract)', () => {
  for (const [behaviour, check] of Object.entries(carparkContract))
    it(behaviour, () => {
      const carpark = new MemoryCarpark()
      return check({
        carpark,
        putShard: async (cid, _bytes, protocol) => {
          const z = base58btc.encode(CID.parse(cid).multihash.bytes)
          carpark.urls.add(carparkUrl(carpark, { cid, protocol }, z))
        },
      })
    })
})
