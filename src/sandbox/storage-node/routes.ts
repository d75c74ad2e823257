import type { IncomingMessage, ServerResponse } from 'node:http'
import { type Handler, readBody } from '../http-service.js'
import type { BlobStore } from './blob-store.js'
import type { PutUrlSigner } from './presigned-url.js'
import { putBlob } from './put-blob.js'
import { readBlob } from './read-blob.js'
import type { UcanServer } from './ucan-server.js'

export interface RouteDeps {
  server: UcanServer
  store: BlobStore
  signer: PutUrlSigner
}

/** `POST /` ucanto, `PUT` of a presigned blob URL, `GET`/`HEAD` of a stored blob. */
export function storageNodeRoutes(deps: RouteDeps): Handler {
  return async (req, res, url) => {
    if (req.method === 'POST' && url.pathname === '/')
      return invoke(deps.server, req, res)
    if (req.method === 'PUT') return putBlob(deps, req, res, url)
    if (req.method === 'GET' || req.method === 'HEAD')
      return readBlob(deps.store, req, res, url)
    res.writeHead(405, { allow: 'POST, PUT, GET, HEAD' }).end()
  }
}

async function invoke(
  server: UcanServer,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers[name] = String(value)
  const out = await server.request({ headers, body: await readBody(req) })
  res.writeHead(out.status ?? 200, out.headers).end(out.body)
}
