import { after, describe, it } from 'node:test'
import { startSandbox } from '../../src/sandbox/sandbox.js'
import { createIndexer } from '../../src/services/indexer/indexer.js'
import { parseProof } from '../../src/services/indexer/proof.js'
import { indexerContract } from '../contracts/indexer.js'

const sandbox = await startSandbox({ seed: 'indexer-contract' })
after(() => sandbox.close())
const indexer = createIndexer({
  url: sandbox.indexer.url,
  did: sandbox.indexer.did,
  proof: await parseProof(sandbox.env.INDEXING_SERVICE_PROOF ?? ''),
  timeoutMs: 5_000,
})

describe('the indexer service client against the sandbox indexer (contract)', () => {
  for (const [behaviour, check] of Object.entries(indexerContract))
    it(behaviour, () =>
      check({
        indexer,
        claimSigner: sandbox.ids.uploadService,
        failNext: () => sandbox.indexer.faults.next('error'),
      })
    )
})
