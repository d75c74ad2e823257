import { randomBytes } from 'node:crypto'

/** A `MIGRATION_ENCRYPTION_KEY`: 32 random bytes in base64, the AES-256-GCM key of space keys. */
export const generateEncryptionKey = (): string =>
  randomBytes(32).toString('base64')
