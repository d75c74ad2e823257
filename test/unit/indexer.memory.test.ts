import { describe, it } from 'node:test'
import { ed25519 } from '@ucanto/principal'
import { indexerContract } from '../contracts/indexer.js'
import { MemoryIndexer } from '../fakes/memory-indexer.js'

describe('in-memory indexer (contract)', () => {
  for (const [behaviour, check] of Object.entries(indexerContract))
    it(behaviour, async () => {
      const indexer = new MemoryIndexer()
      const claimSigner = (await ed25519.generate()).withDID(
        'did:web:up.memory'
      )
      await check({ indexer, claimSigner, failNext: () => indexer.failNext() })
    })
})
