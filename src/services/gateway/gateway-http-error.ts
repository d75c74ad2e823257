/** The gateway answered an HTTP error instead of a ucanto receipt. */
export class GatewayHttpError extends Error {
  override name = 'GatewayHttpError' as const
  readonly status: number
  /** The raw Retry-After header, when the gateway sent one. */
  readonly retryAfter: string | null

  constructor(status: number, retryAfter: string | null, url: string) {
    super(`POST ${url} → ${status}`)
    this.status = status
    this.retryAfter = retryAfter
  }
}

/** The gateway did not answer within the timeout. */
export class GatewayTimeout extends Error {
  override name = 'GatewayTimeout' as const
}
