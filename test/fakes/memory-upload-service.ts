import { base58btc } from 'multiformats/bases/base58'
import {
  ServiceRejected,
  ServiceUnavailable,
} from '../../src/failures/index.js'
import type { UploadServicePort } from '../../src/migration/ports.js'
import type { MemoryIndexer } from './memory-indexer.js'

/**
 * The upload service in memory: `space/blob/add` of a provisioned space stores the bytes, and its
 * storage node caches a location claim for them with the space at the indexer, as the real flow
 * does. `writesDisabled` answers as Storacha's kill-switch does.
 */
export class MemoryUploadService implements UploadServicePort {
  readonly did = 'did:web:up.memory'
  readonly provisioned = new Set<string>()
  readonly added: { space: string; multihash: string }[] = []
  writesDisabled = false

  constructor(readonly indexer: MemoryIndexer) {}

  async addBlob(input: Parameters<UploadServicePort['addBlob']>[0]) {
    const space = input.space.did()
    const z = base58btc.encode(input.digest.bytes)
    if (this.writesDisabled)
      throw new ServiceUnavailable(
        'index',
        'space/blob/add: ServiceUnavailable: writes are temporarily disabled on this upload service'
      )
    if (!this.provisioned.has(space))
      throw new ServiceRejected(
        'index',
        `space/blob/add: InsufficientStorage: ${space} has no storage provider`,
        {
          serviceError: 'InsufficientStorage',
        }
      )
    const location = `https://node.memory/blob/${z}`
    if (!this.added.some((a) => a.space === space && a.multihash === z))
      this.added.push({ space, multihash: z })
    this.indexer.blobs.set(z, input.bytes)
    this.indexer.addLocation({ content: z, space, location: [location] })
    return { location }
  }
}
