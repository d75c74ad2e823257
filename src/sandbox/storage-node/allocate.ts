import * as BlobCapabilities from '@storacha/capabilities/blob'
import { BlobSizeLimitExceededError } from '@storacha/upload-api/blob'
import * as Server from '@ucanto/server'
import { base64pad } from 'multiformats/bases/base64'
import * as Digest from 'multiformats/hashes/digest'
import type { BlobStore } from './blob-store.js'
import type { PutUrlSigner } from './presigned-url.js'
import { CHECKSUM_HEADER } from './put-blob.js'

/** The largest blob a node takes: 127 × 32 MiB, upload-api's limit (a Filecoin piece's). */
export const MAX_UPLOAD_SIZE = 127 * (1 << 25)
/** How long a presigned PUT URL stays valid, in seconds. */
export const PUT_URL_EXPIRES = 60 * 60 * 24

export interface AllocateDeps {
  store: BlobStore
  signer: PutUrlSigner
  /** The node's base URL; known once it listens. */
  baseUrl: () => string
}

/**
 * `blob/allocate`: a stored blob needs no write (size 0, no address); an allocated one is not
 * counted twice (size 0) but gets a fresh URL; anything else is allocated at its full size.
 */
export const allocate = (deps: AllocateDeps) =>
  Server.provideAdvanced({
    capability: BlobCapabilities.allocate,
    handler: ({ capability }) => {
      const { size } = capability.nb.blob
      if (size > MAX_UPLOAD_SIZE)
        return Server.error(
          new BlobSizeLimitExceededError(size, MAX_UPLOAD_SIZE)
        )
      const digest = Digest.decode(capability.nb.blob.digest)
      if (deps.store.has(digest)) return Server.ok({ size: 0 })
      const allocated = deps.store.isAllocated(digest) ? 0 : size
      deps.store.allocate(digest)
      return Server.ok({
        size: allocated,
        address: {
          url: deps.signer.sign(
            deps.baseUrl(),
            { digest, size },
            PUT_URL_EXPIRES
          ),
          headers: { [CHECKSUM_HEADER]: base64pad.baseEncode(digest.digest) },
          expires: PUT_URL_EXPIRES,
        },
      })
    },
  })
