import { SpaceHasNoOwner } from '../../failures/index.js'

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
