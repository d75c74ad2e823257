import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { MultihashDigest } from 'multiformats'
import { blobKey, digestOfPath } from './blob-key.js'

/** What a valid presigned PUT URL allows: writing this blob, of exactly this size. */
export interface PutGrant {
  digest: MultihashDigest
  size: number
}

export type PutUrlCheck = { ok: PutGrant } | { error: string }

/**
 * Presigned PUT URLs in the manner of S3's (which piri's are): the blob key in the path, the
 * size and expiry in the query, and an HMAC over all three with a key only the node holds.
 */
export class PutUrlSigner {
  readonly #secret: Buffer

  constructor(secret: Uint8Array = randomBytes(32)) {
    this.#secret = Buffer.from(secret)
  }

  sign(
    base: string,
    grant: PutGrant,
    expiresInSeconds: number,
    now = Date.now()
  ): string {
    const url = new URL(blobKey(grant.digest), base)
    const expires = Math.floor(now / 1000) + expiresInSeconds
    url.searchParams.set('size', String(grant.size))
    url.searchParams.set('expires', String(expires))
    url.searchParams.set(
      'signature',
      this.#mac(url.pathname, grant.size, expires)
    )
    return url.toString()
  }

  check(url: URL, now = Date.now()): PutUrlCheck {
    const digest = digestOfPath(url.pathname)
    const size = Number(url.searchParams.get('size'))
    const expires = Number(url.searchParams.get('expires'))
    const signature = url.searchParams.get('signature') ?? ''
    if (
      !digest ||
      !Number.isSafeInteger(size) ||
      !Number.isSafeInteger(expires)
    )
      return { error: 'not a presigned blob URL' }
    const expected = Buffer.from(this.#mac(url.pathname, size, expires), 'hex')
    const given = Buffer.from(signature, 'hex')
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { error: 'signature does not match' }
    if (expires * 1000 <= now) return { error: 'URL expired' }
    return { ok: { digest, size } }
  }

  #mac(pathname: string, size: number, expires: number): string {
    return createHmac('sha256', this.#secret)
      .update(`PUT\n${pathname}\n${size}\n${expires}`)
      .digest('hex')
  }
}
