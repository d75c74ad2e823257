import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sha256 } from 'multiformats/hashes/sha2'
import { PutUrlSigner } from '../../src/sandbox/storage-node/presigned-url.js'

const BASE = 'http://127.0.0.1:9000'
const NOW = Date.parse('2026-01-01T00:00:00Z')
const grant = {
  digest: await sha256.digest(new Uint8Array([1, 2, 3])),
  size: 3,
}

test('a presigned URL grants its blob and size until it expires', () => {
  const signer = new PutUrlSigner()
  const url = new URL(signer.sign(BASE, grant, 60, NOW))

  const fresh = signer.check(url, NOW + 59_000)
  const stale = signer.check(url, NOW + 60_000)

  assert.ok('ok' in fresh)
  assert.deepEqual(fresh.ok.digest.bytes, grant.digest.bytes)
  assert.equal(fresh.ok.size, 3)
  assert.deepEqual(stale, { error: 'URL expired' })
})

test('a URL signed by another node, or with a later expiry, is refused', () => {
  const signer = new PutUrlSigner()
  const url = new URL(new PutUrlSigner().sign(BASE, grant, 60, NOW))
  const own = new URL(signer.sign(BASE, grant, 60, NOW))
  own.searchParams.set('expires', String(NOW / 1000 + 3600))

  assert.deepEqual(signer.check(url, NOW), {
    error: 'signature does not match',
  })
  assert.deepEqual(signer.check(own, NOW), {
    error: 'signature does not match',
  })
})
