/**
 * ed25519 principals through node:crypto, a drop-in for `@ucanto/principal`'s: the same keys,
 * DIDs and byte-identical signatures, several times faster than its @noble/ed25519 underneath.
 */
export * as ed25519 from './ed25519.js'
export { Verifier } from './verifier.js'
