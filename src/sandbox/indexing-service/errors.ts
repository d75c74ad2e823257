import { Failure } from '@ucanto/core'

/** Bad `GET /claims` input: answered with 400. */
export class InvalidQuery extends Error {
  override name = 'InvalidQuery' as const
}

/** An index blob could not be read or is not the claimed ShardedDAGIndex. */
export class IndexUnavailable extends Error {
  override name = 'IndexUnavailable' as const
}

/** A location claim the indexer cannot rely on to read an index. */
export class UnusableLocationClaim extends Error {
  override name = 'UnusableLocationClaim' as const
}

/** `claim/cache` whose claim root block is not in the invocation (the Go service's error). */
export class MissingClaim extends Failure {
  override name = 'MissingClaim' as const
  override describe() {
    return 'Claim data was not found in the invocation payload.'
  }
}

/** `claim/cache` of anything but `assert/location`. */
export class UnrecognizedClaim extends Failure {
  override name = 'UnrecognizedClaim' as const
  constructor(readonly can: string) {
    super()
  }
  override describe() {
    return `unrecognized claim type: ${this.can}`
  }
}

/** `claim/cache` from an issuer that is not an ed25519 did:key (no provider peer ID). */
export class InvalidProvider extends Failure {
  override name = 'InvalidProvider' as const
  constructor(readonly issuer: string) {
    super()
  }
  override describe() {
    return `provider must be an ed25519 did:key, not ${this.issuer}`
  }
}
