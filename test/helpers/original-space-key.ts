import { createCipheriv, randomBytes } from 'node:crypto'

/**
 * A migration-space key exactly as the original tool stores it (`src/lib/crypto-utils.js`):
 * AES-256-GCM with a random 16-byte IV, `{"encrypted", "iv", "authTag"}` in base64.
 */
export function originalEncryptedKey(
  formattedKey: string,
  encryptionKey: Uint8Array
): string {
  const iv = randomBytes(16)
  const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv)
  const encrypted = Buffer.concat([
    cipher.update(formattedKey, 'utf8'),
    cipher.final(),
  ])
  return JSON.stringify({
    encrypted: encrypted.toString('base64'),
    iv: iv.toString('base64'),
    authTag: cipher.getAuthTag().toString('base64'),
  })
}
