import * as DID from '@ipld/dag-ucan/did'
import * as Assert from '@storacha/capabilities/assert'
import { base58btc } from 'multiformats/bases/base58'
import { blobKey } from '../../services/carpark-keys.js'
import type { BlobStore } from '../../services/object-store/types.js'
import type { SandboxIdentities } from '../identities.js'
import type { IndexingService } from '../indexing-service/api.js'
import { buildIndex } from './build-index.js'
import type { SeedIndexer } from './seed-legacy-world.js'

/**
 * Seeds indexer states into the sandbox indexing service directly, signed as the real services
 * would have: shard location claims by the upload service, index blobs stored in the carpark
 * with a location claim by the storage node (the only issuer `assert/index` accepts), and the
 * index registered by the indexer itself, as the upload service's `space/index/add` leads to.
 */
export function sandboxIndexerSeeding(
  indexer: IndexingService,
  ids: SandboxIdentities,
  carpark: BlobStore,
  carparkUrl: string
): SeedIndexer {
  const blobAddress = `${carparkUrl}/{blob}/{blob}.blob`
  return {
    async publishLocationClaim({ shard, location, space }) {
      const claim = await Assert.location.delegate({
        issuer: ids.uploadService,
        audience: ids.uploadService,
        with: ids.uploadService.did(),
        nb: {
          content: { digest: shard.cid.multihash.bytes },
          location: [location as `${string}:${string}`],
          range: { offset: 0, length: shard.bytes.length },
          ...(space
            ? { space: DID.parse(space as `did:${string}:${string}`) }
            : {}),
        },
        expiration: Infinity,
      })
      await indexer.publishLocationClaim(claim, { addresses: [blobAddress] })
    },

    async publishIndex({ root, shards, space }) {
      const index = await buildIndex(root, shards)
      const key = blobKey(base58btc.encode(index.cid.multihash.bytes))
      await carpark.put(key, index.bytes)
      const location = await Assert.location.delegate({
        issuer: ids.storageNode,
        audience: ids.storageNode,
        with: ids.storageNode.did(),
        nb: {
          content: { digest: index.cid.multihash.bytes },
          location: [`${carparkUrl}/${key}` as `${string}:${string}`],
          range: { offset: 0, length: index.bytes.length },
          space: DID.parse(space as `did:${string}:${string}`),
        },
        expiration: Infinity,
      })
      await indexer.publishLocationClaim(location, { addresses: [blobAddress] })
      const claim = await Assert.index.delegate({
        issuer: ids.indexer,
        audience: ids.indexer,
        with: ids.indexer.did(),
        nb: { content: root, index: index.cid.toV1() },
        expiration: Infinity,
      })
      await indexer.publishIndex(claim, index.bytes)
    },
  }
}
