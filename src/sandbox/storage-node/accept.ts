import * as BlobCapabilities from '@storacha/capabilities/blob'
import { AllocatedMemoryNotWrittenError } from '@storacha/upload-api/blob'
import type { Signer } from '@ucanto/interface'
import * as Server from '@ucanto/server'
import * as Digest from 'multiformats/hashes/digest'
import type { StorageNodeOptions } from './api.js'
import { blobKey } from './blob-key.js'
import type { BlobStore } from './blob-store.js'
import { cacheAtIndexer, locationCommitment } from './location-claim.js'

export interface AcceptDeps {
  id: Signer
  store: BlobStore
  indexingService: StorageNodeOptions['indexingService']
  baseUrl: () => string
}

/**
 * `blob/accept` once the blob is written: the location commitment for the space is cached at
 * the indexer and returned as the site, its blocks forked so that they reach the client.
 */
export const accept = (deps: AcceptDeps) =>
  Server.provideAdvanced({
    capability: BlobCapabilities.accept,
    handler: async ({ capability }) => {
      const digest = Digest.decode(capability.nb.blob.digest)
      if (!deps.store.has(digest))
        return Server.error(new AllocatedMemoryNotWrittenError())
      const claim = await locationCommitment({
        node: deps.id,
        space: capability.nb.space,
        digest,
        location: new URL(blobKey(digest), deps.baseUrl()).toString(),
      })
      const cached = await cacheAtIndexer(deps.id, deps.indexingService, claim)
      if (cached.error) return cached
      return Server.ok({ site: claim.cid }).fork(claim)
    },
  })
