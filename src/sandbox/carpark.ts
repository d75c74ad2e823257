import type { BlobStore } from '../services/object-store/types.js'
import { parseRange } from './byte-range.js'
import { type HttpService, startHttpService } from './http-service.js'

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
    const range = parseRange(req.headers.range, bytes.length)
    if (range === 'unsatisfiable') {
      res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end()
      return
    }
    const body = range ? bytes.subarray(range.start, range.end + 1) : bytes
    res.writeHead(range ? 206 : 200, {
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
      'accept-ranges': 'bytes',
      ...(range
        ? {
            'content-range': `bytes ${range.start}-${range.end}/${bytes.length}`,
          }
        : {}),
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  })
}
