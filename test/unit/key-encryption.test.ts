import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { ed25519 } from '@ucanto/principal'
import {
  decryptSpaceKey,
  encryptSpaceKey,
  InvalidEncryptionKey,
  MalformedSpaceKey,
  SpaceKeyUndecryptable,
} from '../../src/migration/space/key-encryption.js'
import { PermanentError } from '../../src/failures/index.js'
import { originalEncryptedKey } from '../helpers/original-space-key.js'

const key = () => new Uint8Array(randomBytes(32))

/** Replaces one base64 field of a stored value with its bytes, first byte flipped. */
function flipFirstByte(stored: string, field: 'iv' | 'tag' | 'ciphertext') {
  const value = JSON.parse(stored) as Record<string, string>
  const bytes = Buffer.from(value[field] ?? '', 'base64')
  bytes[0] = (bytes[0] ?? 0) ^ 1
  return JSON.stringify({ ...value, [field]: bytes.toString('base64') })
}

describe('space key encryption', () => {
  it('round-trips a formatted ed25519 key, which parses back to the same signer', async () => {
    const signer = await ed25519.generate()
    const encryptionKey = key()
    const stored = encryptSpaceKey(ed25519.format(signer), encryptionKey)
    const parsed = ed25519.parse(decryptSpaceKey(stored, encryptionKey))
    assert.equal(parsed.did(), signer.did())
  })

  it('reads a key the original tool stored, as it stored it', async () => {
    const signer = await ed25519.generate()
    const encryptionKey = key()
    const stored = originalEncryptedKey(ed25519.format(signer), encryptionKey)
    const parsed = ed25519.parse(decryptSpaceKey(stored, encryptionKey))
    assert.equal(parsed.did(), signer.did())
    assert.throws(() => decryptSpaceKey(stored, key()), SpaceKeyUndecryptable)
  })

  it('stores version, a 12-byte IV, a 16-byte tag and no plaintext', async () => {
    const plaintext = ed25519.format(await ed25519.generate())
    const stored = encryptSpaceKey(plaintext, key())
    const value = JSON.parse(stored) as Record<string, unknown>
    assert.deepEqual(Object.keys(value).sort(), [
      'ciphertext',
      'iv',
      'tag',
      'version',
    ])
    assert.equal(value.version, 1)
    assert.equal(Buffer.from(String(value.iv), 'base64').length, 12)
    assert.equal(Buffer.from(String(value.tag), 'base64').length, 16)
    assert.ok(!stored.includes(plaintext))
  })

  it('uses a fresh IV each time', () => {
    const encryptionKey = key()
    const a = JSON.parse(encryptSpaceKey('same', encryptionKey)) as {
      iv: string
    }
    const b = JSON.parse(encryptSpaceKey('same', encryptionKey)) as {
      iv: string
    }
    assert.notEqual(a.iv, b.iv)
  })

  it('rejects the wrong key with a permanent SpaceKeyUndecryptable', () => {
    const stored = encryptSpaceKey('secret', key())
    assert.throws(
      () => decryptSpaceKey(stored, key()),
      (err) =>
        err instanceof SpaceKeyUndecryptable && err instanceof PermanentError
    )
  })

  for (const field of ['iv', 'tag', 'ciphertext'] as const) {
    it(`detects a tampered ${field}`, () => {
      const encryptionKey = key()
      const stored = encryptSpaceKey('secret', encryptionKey)
      assert.throws(
        () => decryptSpaceKey(flipFirstByte(stored, field), encryptionKey),
        SpaceKeyUndecryptable
      )
    })
  }

  it('rejects an encryption key that is not 32 bytes', () => {
    assert.throws(
      () => encryptSpaceKey('secret', new Uint8Array(16)),
      InvalidEncryptionKey
    )
  })

  it('rejects stored values it cannot read', () => {
    const stored = JSON.parse(encryptSpaceKey('secret', key())) as object
    for (const bad of [
      'not json',
      '"a string"',
      JSON.stringify({ ...stored, version: 2 }),
      JSON.stringify({ ...stored, iv: undefined }),
      JSON.stringify({ ...stored, ciphertext: 5 }),
    ])
      assert.throws(() => decryptSpaceKey(bad, key()), MalformedSpaceKey)
  })
})
