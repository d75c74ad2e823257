import type { BlobAPI } from '@storacha/upload-api'
import { base58btc } from 'multiformats/bases/base58'
import type { Ledger } from '../ledger.js'

/**
 * Wraps the blob registry so that the ledger gets one `blob-added` per blob newly registered in
 * a space. upload-api registers a blob only after its `blob/accept` succeeded, and answers
 * `EntryExists` for a blob already in the space, so retries and re-adds are not counted.
 */
export function recordingRegistry(
  registry: BlobAPI.Registry,
  ledger: Ledger
): BlobAPI.Registry {
  return {
    find: (space, digest) => registry.find(space, digest),
    entries: (space, options) => registry.entries(space, options),
    deregister: (item) => registry.deregister(item),
    register: async (item) => {
      const result = await registry.register(item)
      if (result.ok)
        ledger.record('blob-added', {
          space: item.space,
          digest: base58btc.encode(item.blob.digest.bytes),
        })
      return result
    },
  }
}
