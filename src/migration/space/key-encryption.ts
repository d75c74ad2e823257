import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { PermanentError } from '../../failures/index.js'

/**
 * A migration space's private key at rest: AES-256-GCM under the configured 32-byte key, stored
 * as a JSON string. `version` lets the format change without guessing from the shape.
 */
export interface EncryptedSpaceKey {
  version: 1
  /** 12 random bytes, base64; never reused under one key. */
  iv: string
  /** The 16-byte GCM authentication tag, base64. */
  tag: string
  ciphertext: string
}

const ALGORITHM = 'aes-256-gcm'
const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const STEP = 'space'

/** The configured encryption key is not 32 bytes. */
export class InvalidEncryptionKey extends PermanentError {
  override name = 'InvalidEncryptionKey'
  constructor(length: number) {
    super(STEP, `encryption key must be ${KEY_BYTES} bytes, got ${length}`)
  }
}

/** The stored value is not an encrypted space key this code can read. */
export class MalformedSpaceKey extends PermanentError {
  override name = 'MalformedSpaceKey'
  constructor(reason: string) {
    super(STEP, `stored space key is malformed: ${reason}`)
  }
}

/** Authentication failed: the wrong encryption key, or the stored value was altered. */
export class SpaceKeyUndecryptable extends PermanentError {
  override name = 'SpaceKeyUndecryptable'
  constructor(cause: unknown) {
    super(
      STEP,
      'space key cannot be decrypted: wrong encryption key or tampered ciphertext',
      { cause }
    )
  }
}

/** Encrypts a formatted private key (`ed25519.format(signer)`) into its stored JSON form. */
export function encryptSpaceKey(
  privateKey: string,
  encryptionKey: Uint8Array
): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv(ALGORITHM, checkedKey(encryptionKey), iv)
  const ciphertext = Buffer.concat([
    cipher.update(privateKey, 'utf8'),
    cipher.final(),
  ])
  const stored: EncryptedSpaceKey = {
    version: 1,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  }
  return JSON.stringify(stored)
}

/**
 * The original tool's stored form, in the same table: `{encrypted, iv, authTag}` in base64,
 * AES-256-GCM under the same key with a 16-byte IV. Read as it is; never written.
 */
interface OriginalSpaceKey {
  encrypted: string
  iv: string
  authTag: string
}

const ORIGINAL_IV_BYTES = 16

/**
 * The formatted private key inside a stored value: one from `encryptSpaceKey`, or one the
 * original tool wrote.
 */
export function decryptSpaceKey(
  stored: string,
  encryptionKey: Uint8Array
): string {
  const parsed = parseStored(stored)
  const decipher = createDecipheriv(
    ALGORITHM,
    checkedKey(encryptionKey),
    Buffer.from(parsed.iv, 'base64'),
    { authTagLength: TAG_BYTES }
  )
  decipher.setAuthTag(Buffer.from(parsed.tag, 'base64'))
  try {
    return Buffer.concat([
      decipher.update(Buffer.from(parsed.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8')
  } catch (err) {
    throw new SpaceKeyUndecryptable(err)
  }
}

function checkedKey(key: Uint8Array): Uint8Array {
  if (key.length !== KEY_BYTES) throw new InvalidEncryptionKey(key.length)
  return key
}

function parseStored(stored: string): EncryptedSpaceKey {
  let value: unknown
  try {
    value = JSON.parse(stored)
  } catch {
    throw new MalformedSpaceKey('not JSON')
  }
  if (!isRecord(value)) throw new MalformedSpaceKey('not a JSON object')
  if (isOriginal(value))
    return {
      version: 1,
      iv: value.iv,
      tag: value.authTag,
      ciphertext: value.encrypted,
    }
  if (value.version !== 1)
    throw new MalformedSpaceKey(`unsupported version ${String(value.version)}`)
  const { iv, tag, ciphertext } = value
  if (!isBase64(iv, IV_BYTES) || !isBase64(tag, TAG_BYTES))
    throw new MalformedSpaceKey('iv or tag missing or of the wrong length')
  if (typeof ciphertext !== 'string')
    throw new MalformedSpaceKey('ciphertext missing')
  return { version: 1, iv, tag, ciphertext }
}

/** The original's `{encrypted, iv, authTag}`, each of the right length. */
const isOriginal = (
  value: Record<string, unknown>
): value is Record<string, unknown> & OriginalSpaceKey =>
  value.version === undefined &&
  typeof value.encrypted === 'string' &&
  isBase64(value.iv, ORIGINAL_IV_BYTES) &&
  isBase64(value.authTag, TAG_BYTES)

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

const isBase64 = (value: unknown, bytes: number): value is string =>
  typeof value === 'string' && Buffer.from(value, 'base64').length === bytes
