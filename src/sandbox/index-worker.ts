import * as dagJson from '@ipld/dag-json'
import type { BlobStore } from '../services/object-store/types.js'
import { carBlocks } from './car-sections.js'
import { type HttpService, startHttpService } from './http-service.js'

export interface IndexWorkerOptions {
  store: BlobStore
  /**
   * Blocks per response before it ends, as the real worker ends when Cloudflare cuts it off for
   * CPU time; clients must resume with `?offset=`. Unlimited when unset.
   */
  maxBlocksPerResponse?: number
}

/**
 * The carpark index worker: `GET|HEAD /index/<key>?offset=N` answers NDJSON lines
 * `[multihash, [offset, length]]` (dag-json) for the blocks of the CAR at `key`, offsets absolute;
 * `/stat/<key>` answers `{"size":N}`. A missing object is 404, any other route 400.
 */
export function startIndexWorker({
  store,
  maxBlocksPerResponse,
}: IndexWorkerOptions): Promise<HttpService> {
  return startHttpService('index worker', async (req, res, url) => {
    const [, op, ...rest] = url.pathname.split('/')
    const key = rest.join('/')
    if (op === 'stat') {
      const size = await store.size(key)
      if (size === undefined) res.writeHead(404).end()
      else
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ size }))
      return
    }
    if (op !== 'index' || key === '') {
      res.writeHead(400).end()
      return
    }
    const bytes = await store.get(key)
    if (!bytes) {
      res.writeHead(404).end()
      return
    }
    const offset = Number(url.searchParams.get('offset') ?? '0')
    if (!Number.isSafeInteger(offset) || offset < 0)
      throw new Error(`invalid offset ${url.searchParams.get('offset')}`)
    res.writeHead(200, { 'content-type': 'application/x-ndjson' })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    let sent = 0
    try {
      for (const block of carBlocks(bytes, offset)) {
        if (maxBlocksPerResponse !== undefined && sent >= maxBlocksPerResponse)
          break
        res.write(
          dagJson.encode([
            block.cid.multihash.bytes,
            [block.offset, block.length],
          ])
        )
        res.write('\n')
        sent++
      }
      res.end()
    } catch {
      // The status is sent: like the real worker's stream error, the client sees a cut body.
      res.destroy()
    }
  })
}
