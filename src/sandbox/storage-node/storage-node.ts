import type { StorageService } from '@storacha/router/types'
import { connect } from '@ucanto/client'
import * as CAR from '@ucanto/transport/car'
import * as HTTP from '@ucanto/transport/http'
import { ed25519 } from '../../principal/index.js'
import { startHttpService } from '../http-service.js'
import type { StorageNode, StorageNodeOptions } from './api.js'
import { BlobStore } from './blob-store.js'
import { PutUrlSigner } from './presigned-url.js'
import { storageNodeRoutes } from './routes.js'
import { createUcanServer } from './ucan-server.js'

/**
 * Starts a node under a fresh did:key, on a free local port, with keep-alive connections and
 * the sandbox's fault injection in front of it, like every sandbox service.
 */
export async function startStorageNode(
  options: StorageNodeOptions
): Promise<StorageNode> {
  const id = await ed25519.generate()
  const store = new BlobStore()
  const signer = new PutUrlSigner()
  let baseUrl = ''
  const server = createUcanServer({
    ...options,
    id,
    store,
    signer,
    baseUrl: () => baseUrl,
  })
  const http = await startHttpService(
    'storage-node',
    storageNodeRoutes({ server, store, signer })
  )
  baseUrl = http.url
  const connection = connect<StorageService>({
    id,
    codec: CAR.outbound,
    channel: HTTP.open<StorageService>({
      url: new URL(http.url),
      method: 'POST',
    }),
  })
  return Object.assign(http, { id, connection })
}
