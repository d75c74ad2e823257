import { ServiceRejected, SpaceHasNoOwner } from '../errors.js'

export const GATEWAY_STEP = 'gateway'

/** Why a space has no usable owner delegation. */
export type NoOwnerReason =
  /** The delegation table has no row issued by the space. */
  | 'no-delegations'
  /** Every delegation of the space goes to an audience that is not a did:mailto account. */
  | 'customer-not-mailto'
  /** Rows exist, but none is a readable, unexpired delegation of the capabilities needed. */
  | 'no-valid-delegation'

/**
 * {@link SpaceHasNoOwner} with the reason. The name stays `SpaceHasNoOwner` so that the
 * permanent-failure list classifies it without change.
 */
export class OwnerDelegationNotFound extends SpaceHasNoOwner {
  readonly reason: NoOwnerReason

  constructor(space: string, reason: NoOwnerReason, detail: string) {
    super(
      GATEWAY_STEP,
      `space ${space} has no owner delegation (${reason}): ${detail}`
    )
    this.reason = reason
  }
}

/**
 * The gateway refused the authorization: an error receipt, or a 4xx other than 408/429. The name
 * stays `ServiceRejected` (permanent); `receiptError` is the gateway's own error name.
 */
export class GatewayRejected extends ServiceRejected {
  readonly receiptError: string

  constructor(receiptError: string, message: string) {
    super(GATEWAY_STEP, message)
    this.receiptError = receiptError
  }
}
