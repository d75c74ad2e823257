export type { StorageNode, StorageNodeOptions } from './api.js'
export { startStorageNode } from './storage-node.js'
export { MAX_UPLOAD_SIZE, PUT_URL_EXPIRES } from './allocate.js'
