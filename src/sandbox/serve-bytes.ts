import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseRange } from './byte-range.js'

/** Answers `GET` or `HEAD` of a stored object: all of it, or the one byte range asked for. */
export function serveBytes(
  req: IncomingMessage,
  res: ServerResponse,
  bytes: Uint8Array
): void {
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
}
