import { DIDResolutionError } from '@ucanto/validator'
import type { DID, DIDKey, Signer } from '@ucanto/interface'

export type WebDid = `did:web:${string}`

/** The did:key behind each service did:web, as Freeway's fixed `knownWebDIDs` table holds them. */
export type DidKeys = Record<WebDid, DIDKey>

/** `resolveDIDKey` for the ucanto validator: known did:webs resolve, anything else is an error. */
export function createDidResolver(didKeys: DidKeys) {
  const known = new Map<string, DIDKey>(Object.entries(didKeys))
  return (did: DID) => {
    const key = known.get(did)
    return key ? { ok: [key] } : { error: new DIDResolutionError(did) }
  }
}

/** The table for signers that sign as a did:web (`signer.withDID('did:web:…')`). */
export function didKeysOf(signers: readonly Signer[]): DidKeys {
  const entries = signers
    .filter((signer) => signer.did().startsWith('did:web:'))
    .map((signer) => [signer.did(), signer.toDIDKey()] as const)
  return Object.fromEntries(entries) as DidKeys
}
