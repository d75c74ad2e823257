import type { BlobStore } from '../services/object-store/types.js'
import { type HttpService, startHttpService } from './http-service.js'
import { serveBytes } from './serve-bytes.js'

/**
 * The carpark bucket's public URL: `GET`/`HEAD /<key>` with single byte ranges, where a key is
 * `<cid>/<cid>.car` (store protocol) or `<multihash>/<multihash>.blob` (blob protocol).
 */
export function startCarpark(store: BlobStore): Promise<HttpService> {
  return startHttpService('carpark', async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    const bytes = await store.get(decodeURIComponent(url.pathname.slice(1)))
    if (!bytes) {
      res.writeHead(404).end()
      return
    }
    serveBytes(req, res, bytes)
  })
}
