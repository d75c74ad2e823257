import { randomBytes, sign as cryptoSign, type KeyObject } from 'node:crypto'
import * as Signature from '@ipld/dag-ucan/signature'
import type {
  ByteView,
  DID,
  DIDKey,
  MultibaseDecoder,
  MultibaseEncoder,
  SignatureView,
  Signer,
} from '@ucanto/interface'
import type { EdSigner, EdVerifier, SigAlg } from '@ucanto/principal/ed25519'
import { varint } from 'multiformats'
import { base64pad } from 'multiformats/bases/base64'
import * as Verifier from './ed25519-verifier.js'
import { KEY_SIZE, privateKeyObject, rawPublicKey } from './key-objects.js'
import { SignerWithDID } from './with-did.js'

export const code = 0x1300 as EdSigner['code']
export const signatureCode = Verifier.signatureCode
export const signatureAlgorithm = Verifier.signatureAlgorithm

const PRIVATE_TAG_SIZE = varint.encodingLength(code)
const PUBLIC_TAG_SIZE = varint.encodingLength(Verifier.code)
const PUBLIC_KEY_OFFSET = PRIVATE_TAG_SIZE + KEY_SIZE
/** The encoded keypair: tagged seed (0x1300) then tagged public key (0xed), as ucanto's. */
const SIZE = PUBLIC_KEY_OFFSET + PUBLIC_TAG_SIZE + KEY_SIZE

type EncodedKeypair = ReturnType<EdSigner['encode']>

/**
 * `@ucanto/principal/ed25519`'s signer with node:crypto underneath: the same DID, encoding and
 * signatures (ed25519 is deterministic), the private KeyObject built once.
 */
class Ed25519Signer implements EdSigner {
  readonly code = code
  readonly signatureCode = signatureCode
  readonly signatureAlgorithm = signatureAlgorithm
  readonly verifier: EdVerifier
  readonly #bytes: Uint8Array
  readonly #key: KeyObject

  constructor(bytes: Uint8Array, key?: KeyObject) {
    this.#bytes = bytes
    this.#key =
      key ??
      privateKeyObject(bytes.subarray(PRIVATE_TAG_SIZE, PUBLIC_KEY_OFFSET))
    this.verifier = Verifier.decode(bytes.subarray(PUBLIC_KEY_OFFSET))
  }

  get signer(): EdSigner {
    return this
  }

  did(): DIDKey {
    return this.verifier.did()
  }

  toDIDKey(): DIDKey {
    return this.verifier.toDIDKey()
  }

  withDID<ID extends DID>(id: ID): Signer<ID, SigAlg> {
    return new SignerWithDID(this, id)
  }

  async sign<T>(payload: ByteView<T>): Promise<SignatureView<T, SigAlg>> {
    return Signature.create(signatureCode, cryptoSign(null, payload, this.#key))
  }

  verify<T>(payload: ByteView<T>, signature: SignatureView<T, SigAlg>) {
    return this.verifier.verify(payload, signature)
  }

  encode(): EncodedKeypair {
    return this.#bytes as EncodedKeypair
  }

  toArchive() {
    const id = this.did()
    return { id, keys: { [id]: this.encode() } }
  }
}

/** The signer of a 32-byte ed25519 seed. */
export async function derive(secret: Uint8Array): Promise<EdSigner> {
  if (secret.byteLength !== KEY_SIZE)
    throw new Error(
      `Expected Uint8Array with byteLength of ${KEY_SIZE} instead not ${secret.byteLength}`
    )
  const key = privateKeyObject(secret)
  const bytes = new Uint8Array(SIZE)
  varint.encodeTo(code, bytes, 0)
  bytes.set(secret, PRIVATE_TAG_SIZE)
  varint.encodeTo(Verifier.code, bytes, PUBLIC_KEY_OFFSET)
  bytes.set(rawPublicKey(key), PUBLIC_KEY_OFFSET + PUBLIC_TAG_SIZE)
  return new Ed25519Signer(bytes, key)
}

export const generate = (): Promise<EdSigner> => derive(randomBytes(KEY_SIZE))

/** The signer of an encoded keypair (what `encode` gives). */
export function decode(bytes: Uint8Array): EdSigner {
  if (bytes.byteLength !== SIZE)
    throw new Error(
      `Expected Uint8Array with byteLength of ${SIZE} instead not ${bytes.byteLength}`
    )
  if (varint.decode(bytes)[0] !== code)
    throw new Error(`Given bytes must be a multiformat with ${code} tag`)
  if (varint.decode(bytes.subarray(PUBLIC_KEY_OFFSET))[0] !== Verifier.code)
    throw new Error(
      `Given bytes must contain public key in multiformats with ${Verifier.code} tag`
    )
  return new Ed25519Signer(new Uint8Array(bytes))
}

export const encode = (signer: EdSigner) => signer.encode()

/** The multibase key string, base64pad (`M…`) unless told otherwise. */
export const format = <Prefix extends string>(
  signer: EdSigner,
  encoder?: MultibaseEncoder<Prefix>
) => (encoder ?? base64pad).encode(encode(signer))

export const parse = <Prefix extends string>(
  key: string,
  decoder?: MultibaseDecoder<Prefix>
): EdSigner => decode((decoder ?? base64pad).decode(key))
