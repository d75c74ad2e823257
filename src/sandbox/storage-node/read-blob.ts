import type { IncomingMessage, ServerResponse } from 'node:http'
import { serveBytes } from '../serve-bytes.js'
import { digestOfPath } from './blob-key.js'
import type { BlobStore } from './blob-store.js'

/** `GET`/`HEAD /<multihash>/<multihash>.blob`: public, as a location URL is. */
export function readBlob(
  store: BlobStore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL
): void {
  const digest = digestOfPath(url.pathname)
  const bytes = digest && store.get(digest)
  if (!bytes) return void res.writeHead(404).end()
  serveBytes(req, res, bytes)
}
