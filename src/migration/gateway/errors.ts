import { InvalidDelegation, SpaceHasNoOwner } from '../../failures/index.js'

export const GATEWAY_STEP = 'gateway'

/** Why a space has no usable owner delegation. */
export type NoOwnerReason =
  /** The delegation table has no row issued by the space. */
  | 'no-delegations'
  /** Every delegation of the space goes to an audience that is not a did:mailto account. */
  | 'customer-not-mailto'
  /** Rows exist, but none is a readable, unexpired delegation of the capabilities needed. */
  | 'no-valid-delegation'

/** {@link SpaceHasNoOwner} (reason `MISSING_DELEGATION`) with why. */
export class OwnerDelegationNotFound extends SpaceHasNoOwner {
  readonly why: NoOwnerReason

  constructor(space: string, why: NoOwnerReason, detail: string) {
    super(
      GATEWAY_STEP,
      `space ${space} has no owner delegation (${why}): ${detail}`
    )
    this.why = why
  }
}

/**
 * The serve delegation rebuilt from the owner delegation is not the one the row records (the
 * owner delegation changed since), so the recorded one cannot be put in a `ucan/revoke`.
 */
export class RecordedDelegationNotRebuilt extends InvalidDelegation {
  override name = 'RecordedDelegationNotRebuilt'

  constructor(space: string, recorded: string, rebuilt: string) {
    super(
      GATEWAY_STEP,
      `space ${space}: the recorded serve delegation ${recorded} is not the one its owner delegation gives now (${rebuilt}); not revoked`
    )
  }
}
