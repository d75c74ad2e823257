import type { MultihashDigest } from 'multiformats'
import { blobKey } from './blob-key.js'

/** A node's memory: the blobs it stores and the blobs it has allocated space for. */
export class BlobStore {
  readonly #content = new Map<string, Uint8Array>()
  readonly #allocated = new Set<string>()

  has(digest: MultihashDigest): boolean {
    return this.#content.has(blobKey(digest))
  }

  get(digest: MultihashDigest): Uint8Array | undefined {
    return this.#content.get(blobKey(digest))
  }

  put(digest: MultihashDigest, bytes: Uint8Array): void {
    this.#content.set(blobKey(digest), bytes)
  }

  isAllocated(digest: MultihashDigest): boolean {
    return this.#allocated.has(blobKey(digest))
  }

  allocate(digest: MultihashDigest): void {
    this.#allocated.add(blobKey(digest))
  }
}
