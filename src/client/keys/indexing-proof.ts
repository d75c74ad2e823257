import * as ClaimCapabilities from '@storacha/capabilities/claim'
import { DID } from '@ucanto/core'
import type { Delegation } from '@ucanto/interface'
import { ed25519 } from '../../principal/index.js'
import { formatProof } from '../../services/indexer/proof.js'

/** What `keys proof` delegates, and from and to whom. */
export interface IndexingProofInput {
  /** The indexing service's private key, multibase (`M…`). */
  issuerKey: string
  /** The DID the indexing service signs as (its did:web); the key's did:key when unset. */
  issuerDid?: string
  /** Who may invoke `claim/cache`: the did:key of the upload service's key in this migration. */
  audience: string
}

export interface IndexingProof {
  /** The `INDEXING_SERVICE_PROOF` value. */
  proof: string
  delegation: Delegation
}

/**
 * The original's `scripts/generate-proof.js`: the indexing service delegates `claim/cache` on
 * itself (`with` its own DID, no caveats) to the audience, with no expiry.
 */
export async function createIndexingProof(
  input: IndexingProofInput
): Promise<IndexingProof> {
  const key = ed25519.parse(input.issuerKey)
  const issuer = input.issuerDid
    ? key.withDID(DID.parse(input.issuerDid).did())
    : key
  const delegation = await ClaimCapabilities.cache.delegate({
    issuer,
    audience: DID.parse(input.audience),
    with: issuer.did(),
    expiration: Infinity,
  })
  return { proof: await formatProof(delegation), delegation }
}

/** The did:key a private key signs as: what a worker invokes `claim/cache` as. */
export const didKeyOf = (privateKey: string): string =>
  ed25519.parse(privateKey).did()
