import type { Signer } from '@ucanto/interface'
import { CID } from 'multiformats/cid'
import { TransientError } from '../../failures/index.js'
import type { IndexerPort, UploadServicePort } from '../ports.js'
import type { BuiltIndex } from './build-index.js'

export interface RegisterIndexPorts {
  uploadService: Pick<UploadServicePort, 'addBlob'>
  indexer: Pick<IndexerPort, 'query' | 'assertIndex'>
}

/**
 * Stores an upload's index in the customer's migration space (`space/blob/add`, so a storage node
 * holds it and caches its location claim on the indexer) and registers it with `assert/index`,
 * invoked by the migration space itself. The indexer accepts an index only once it knows a
 * location claim for it from the storage node; until then the step fails as transient.
 */
export async function storeAndRegisterIndex(
  ports: RegisterIndexPorts,
  input: { migrationSpace: Signer; root: string; index: BuiltIndex }
): Promise<{ location: string }> {
  const { migrationSpace, root, index } = input
  const digest = CID.parse(index.cid).multihash
  const { location } = await ports.uploadService.addBlob({
    space: migrationSpace,
    digest,
    bytes: index.bytes,
  })
  const known = await ports.indexer.query([digest], {
    kind: 'location',
    spaces: [migrationSpace.did()],
  })
  if (known.locations.length === 0)
    throw new TransientError(
      'index',
      `the indexer does not know the location of index ${index.cid} yet`
    )
  await ports.indexer.assertIndex({
    space: migrationSpace,
    root,
    index: index.cid,
  })
  return { location }
}
