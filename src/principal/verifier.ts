import type {
  DID,
  PrincipalParser,
  Verifier as AnyVerifier,
} from '@ucanto/interface'
import { Verifier as UcantoVerifier } from '@ucanto/principal'
import { parse as parseEd25519 } from './ed25519-verifier.js'

/**
 * What ucanto's validators take as `principal`: ed25519 did:keys through node:crypto, anything
 * else (RSA) as `@ucanto/principal`'s default parser does it.
 */
export const Verifier: PrincipalParser = {
  parse(did: DID): AnyVerifier {
    try {
      return parseEd25519(did)
    } catch {
      return UcantoVerifier.parse(did)
    }
  },
}
