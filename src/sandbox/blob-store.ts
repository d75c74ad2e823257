export type { BlobStore } from '../services/object-store/types.js'
export { FsBlobStore, MemoryBlobStore } from '../services/object-store/local.js'
export { blobKey, carKey } from '../services/carpark-keys.js'
