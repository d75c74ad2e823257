import { verify as cryptoVerify, type KeyObject } from 'node:crypto'
import * as DID from '@ipld/dag-ucan/did'
import { EdDSA } from '@ipld/dag-ucan/signature'
import type {
  ByteView,
  DID as AnyDID,
  DIDKey,
  Signature,
  Verifier,
} from '@ucanto/interface'
import type { EdVerifier, SigAlg } from '@ucanto/principal/ed25519'
import { varint } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { KEY_SIZE, publicKeyObject } from './key-objects.js'
import { VerifierWithDID } from './with-did.js'

export const code = 0xed as EdVerifier['code']
export const signatureCode = EdDSA as SigAlg
export const signatureAlgorithm = 'EdDSA' as const

const TAG_SIZE = varint.encodingLength(code)
const SIZE = TAG_SIZE + KEY_SIZE
/** Parsed verifiers kept by DID; a sandbox serving a large world sees one per space. */
const MAX_CACHED = 10_000
const cache = new Map<string, EdVerifier>()

/**
 * `@ucanto/principal/ed25519`'s verifier with node:crypto underneath: the same DID and checks,
 * the public KeyObject built once.
 */
class Ed25519Verifier implements EdVerifier {
  readonly code = code
  readonly signatureCode = signatureCode
  readonly signatureAlgorithm = signatureAlgorithm
  /** Raw public key without its multicodec tag. */
  readonly publicKey: Uint8Array
  readonly #did: DIDKey
  readonly #key: KeyObject

  constructor(tagged: Uint8Array) {
    this.publicKey = tagged.slice(TAG_SIZE)
    this.#did = `did:key:${base58btc.encode(tagged)}`
    this.#key = publicKeyObject(this.publicKey)
  }

  did(): DIDKey {
    return this.#did
  }

  toDIDKey(): DIDKey {
    return this.#did
  }

  verify<T>(payload: ByteView<T>, signature: Signature<T, SigAlg>): boolean {
    return (
      signature.code === signatureCode &&
      cryptoVerify(null, payload, this.#key, signature.raw)
    )
  }

  withDID<ID extends AnyDID>(id: ID): Verifier<ID, SigAlg> {
    return new VerifierWithDID(id, this)
  }
}

/** An ed25519 public key tagged with its multicodec (0xed), as in a did:key. */
export function decode(bytes: Uint8Array): EdVerifier {
  const [algorithm] = varint.decode(bytes)
  if (algorithm !== code)
    throw new RangeError(
      `Unsupported key algorithm with multicode 0x${algorithm.toString(16)}`
    )
  if (bytes.byteLength !== SIZE)
    throw new RangeError(
      `Expected Uint8Array with byteLength ${SIZE}, instead got Uint8Array with byteLength ${bytes.byteLength}`
    )
  return new Ed25519Verifier(bytes)
}

/** The verifier of an ed25519 did:key, parsed once per DID. */
export function parse(did: string): EdVerifier {
  const cached = cache.get(did)
  if (cached) return cached
  const verifier = decode(DID.parse(did))
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value ?? '')
  cache.set(did, verifier)
  return verifier
}
