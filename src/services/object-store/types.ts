export type { BlobStore } from '../../migration/ports.js'
