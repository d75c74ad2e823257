import type { Signer as UcantoSigner } from '@ucanto/interface'
import { sha256 } from 'multiformats/hashes/sha2'
import { PRESETS } from '../config/environments.js'
import { ed25519 } from '../principal/index.js'

/** The DIDs of the sandbox services: the local preset's, so that configuration and sandbox agree. */
export const SANDBOX_DIDS = {
  uploadService: webDid(PRESETS.local.UPLOAD_SERVICE_DID),
  indexer: webDid(PRESETS.local.INDEXING_SERVICE_DID),
  gateway: webDid(PRESETS.local.GATEWAY_SERVICE_DID),
  storageNode: webDid(PRESETS.local.PIRI_SERVICE_DID),
} as const

function webDid(value: string | undefined): `did:web:${string}` {
  if (!value?.startsWith('did:web:'))
    throw new Error(`the local preset lacks a did:web (got ${value})`)
  return value as `did:web:${string}`
}

export type Signer = UcantoSigner

/** The keys the sandbox services sign with and the migration signs as, derived from a seed. */
export interface SandboxIdentities {
  uploadService: Signer
  indexer: Signer
  gateway: Signer
  storageNode: Signer
  migrationAgent: Signer
  /** AES-256 key for migration-space keys at rest. */
  encryptionKey: Uint8Array
  /** The private keys the migration is configured with, as `ed25519.format` writes them. */
  privateKeys: {
    uploadService: string
    gateway: string
    migrationAgent: string
  }
}

/**
 * Deterministic for a given seed, so a sandbox restarted with the same seed accepts what an
 * earlier run signed, and an env file written once stays valid.
 */
export async function sandboxIdentities(
  seed = 'storacha-sandbox'
): Promise<SandboxIdentities> {
  const derive = async (name: string) =>
    ed25519.derive(
      (await sha256.digest(new TextEncoder().encode(`${seed}/${name}`))).digest
    )
  const uploadService = await derive('upload-service')
  const gateway = await derive('gateway')
  const migrationAgent = await derive('migration-agent')
  return {
    uploadService: uploadService.withDID(SANDBOX_DIDS.uploadService),
    indexer: (await derive('indexer')).withDID(SANDBOX_DIDS.indexer),
    gateway: gateway.withDID(SANDBOX_DIDS.gateway),
    storageNode: await derive('storage-node'),
    migrationAgent,
    encryptionKey: (
      await sha256.digest(new TextEncoder().encode(`${seed}/encryption-key`))
    ).digest,
    privateKeys: {
      uploadService: ed25519.format(uploadService),
      gateway: ed25519.format(gateway),
      migrationAgent: ed25519.format(migrationAgent),
    },
  }
}
