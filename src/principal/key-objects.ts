import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'

/** DER of an Ed25519 PKCS#8 PrivateKeyInfo up to its 32-byte seed (RFC 8410 §7). */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
/** DER of an Ed25519 SubjectPublicKeyInfo up to its 32-byte key (RFC 8410 §4). */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

export const KEY_SIZE = 32

/** The private KeyObject for a 32-byte ed25519 seed (what RFC 8032 calls the private key). */
export function privateKeyObject(seed: Uint8Array): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  })
}

/** The public KeyObject for a raw 32-byte ed25519 public key. */
export function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  })
}

/** The raw 32-byte public key of a private KeyObject. */
export function rawPublicKey(privateKey: KeyObject): Uint8Array {
  const spki = createPublicKey(privateKey).export({
    format: 'der',
    type: 'spki',
  })
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length))
}
