import type {
  ByteView,
  DID,
  DIDKey,
  SigAlg,
  Signature,
  SignatureView,
  Signer,
  SignerArchive,
  SignerKey,
  Verifier,
  VerifierKey,
} from '@ucanto/interface'

/** A key's verifier under another DID (a did:web backed by a did:key), as ucanto's. */
export class VerifierWithDID<
  ID extends DID,
  Alg extends SigAlg,
> implements Verifier<ID, Alg> {
  constructor(
    private readonly id: ID,
    private readonly key: VerifierKey<Alg>
  ) {}

  did(): ID {
    return this.id
  }

  toDIDKey(): DIDKey {
    return this.key.toDIDKey()
  }

  verify<T>(payload: ByteView<T>, signature: Signature<T, Alg>) {
    return this.key.verify(payload, signature)
  }

  withDID<Other extends DID>(id: Other): Verifier<Other, Alg> {
    return new VerifierWithDID(id, this.key)
  }
}

/** A key's signer under another DID; its archive names the DID and keeps the key's bytes. */
export class SignerWithDID<
  ID extends DID,
  Alg extends SigAlg,
> implements Signer<ID, Alg> {
  readonly verifier: Verifier<ID, Alg>

  constructor(
    private readonly key: SignerKey<Alg>,
    id: ID
  ) {
    this.verifier = key.verifier.withDID(id)
  }

  get signer(): Signer<ID, Alg> {
    return this
  }

  get signatureAlgorithm(): string {
    return this.key.signatureAlgorithm
  }

  get signatureCode(): Alg {
    return this.key.signatureCode
  }

  did(): ID {
    return this.verifier.did()
  }

  toDIDKey(): DIDKey {
    return this.verifier.toDIDKey()
  }

  withDID<Other extends DID>(id: Other): Signer<Other, Alg> {
    return new SignerWithDID(this.key, id)
  }

  sign<T>(payload: ByteView<T>): Promise<SignatureView<T, Alg>> {
    return Promise.resolve(this.key.sign(payload))
  }

  verify<T>(payload: ByteView<T>, signature: Signature<T, Alg>) {
    return this.verifier.verify(payload, signature)
  }

  toArchive(): SignerArchive<ID, Alg> {
    return { id: this.did(), keys: this.key.toArchive().keys }
  }
}
