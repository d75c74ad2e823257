import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { equals } from 'multiformats/bytes'
import { base64pad } from 'multiformats/bases/base64'
import { sha256 } from 'multiformats/hashes/sha2'
import type { BlobStore } from './blob-store.js'
import type { PutGrant, PutUrlSigner } from './presigned-url.js'

export const CHECKSUM_HEADER = 'x-amz-checksum-sha256'

/**
 * `PUT` of a presigned URL: 403 unless the URL's signature holds and it has not expired, 400
 * unless the body is exactly the granted size and hashes (sha2-256) to the granted multihash,
 * then the blob is stored. Anything below 500 tells upload-client not to retry.
 */
export async function putBlob(
  deps: { store: BlobStore; signer: PutUrlSigner },
  req: IncomingMessage,
  res: ServerResponse,
  url: URL
): Promise<void> {
  const checked = deps.signer.check(url)
  if ('error' in checked) return void res.writeHead(403).end(checked.error)
  const grant = checked.ok
  const refused = refusal(grant, req)
  if (refused) return void res.writeHead(400).end(refused)
  const body = await readExactly(req, grant.size)
  if (!body) return void res.writeHead(400).end('size mismatch')
  if (!equals(body.sha256, grant.digest.digest))
    return void res.writeHead(400).end('checksum mismatch')
  deps.store.put(grant.digest, body.bytes)
  res.writeHead(200).end()
}

/** Why the request cannot hold the granted blob, judged from its headers alone. */
function refusal(grant: PutGrant, req: IncomingMessage): string | undefined {
  if (grant.digest.code !== sha256.code)
    return `multihash 0x${grant.digest.code.toString(16)} is not sha2-256`
  const length = req.headers['content-length']
  if (length !== undefined && Number(length) !== grant.size)
    return `size mismatch: content-length ${length}, allocated ${grant.size}`
  const checksum = req.headers[CHECKSUM_HEADER]
  if (
    checksum !== undefined &&
    checksum !== base64pad.baseEncode(grant.digest.digest)
  )
    return 'checksum mismatch'
  return undefined
}

/** The body and its sha2-256, or undefined when it is not `size` bytes long. */
async function readExactly(
  req: IncomingMessage,
  size: number
): Promise<{ bytes: Uint8Array; sha256: Uint8Array } | undefined> {
  const bytes = new Uint8Array(size)
  const hash = createHash('sha256')
  let received = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (received + chunk.length <= size) {
      bytes.set(chunk, received)
      hash.update(chunk)
    }
    received += chunk.length
  }
  return received === size ? { bytes, sha256: hash.digest() } : undefined
}
