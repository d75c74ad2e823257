/** The `ed25519` of `@ucanto/principal`, signing and verifying through node:crypto. */
export {
  code,
  decode,
  derive,
  encode,
  format,
  generate,
  parse,
  signatureAlgorithm,
  signatureCode,
} from './ed25519-signer.js'
export * as Verifier from './ed25519-verifier.js'
export type { EdSigner, EdVerifier } from '@ucanto/principal/ed25519'
