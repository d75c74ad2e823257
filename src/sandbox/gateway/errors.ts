import { Failure } from '@ucanto/validator'

/** Freeway's answer when no delegation in `nb.delegations` carries `space/content/serve/*`. */
export class InvalidDelegation extends Failure {
  override name = 'InvalidDelegation' as const
  readonly #reason: string

  constructor(reason: string) {
    super()
    this.#reason = reason
  }

  override describe() {
    return this.#reason
  }
}

/**
 * A link in `nb.delegations` whose block the invocation does not carry. Thrown, not returned,
 * because Freeway throws here, so the receipt holds a `HandlerExecutionError`.
 */
export class DelegationBlockNotFound extends Error {
  override name = 'DelegationBlockNotFound' as const

  constructor(cid: string) {
    super(`Block not found for delegation CID: ${cid}`)
  }
}
