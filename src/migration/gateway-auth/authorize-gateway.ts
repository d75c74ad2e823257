import { connectGateway } from '../../services/gateway/gateway-connection.js'
import {
  GatewayHttpError,
  GatewayTimeout,
} from '../../services/gateway/gateway-http-error.js'
import {
  InvalidDelegation,
  isRetryableStatus,
  retryAfterMs,
  TransientError,
} from '../errors.js'
import { buildGatewayAuthChain, type GatewayAuthChain } from './chain.js'
import type { GatewayAuthDeps } from './deps.js'
import { GATEWAY_STEP, GatewayRejected } from './errors.js'
import { findOwnerDelegation } from './owner-delegation.js'

export interface GatewayAuthResult {
  /** CID of the account → gateway `space/content/serve/*` delegation the gateway stored. */
  delegation: string
  /** The owner account the chain starts from. */
  account: string
}

/**
 * Authorizes the gateway to serve `space`, once per space: finds the owner delegation, builds
 * the chain and invokes `access/delegate`. Idempotent: a rerun sends the same delegations and
 * the gateway rewrites the same keys.
 */
export async function authorizeGateway(
  deps: GatewayAuthDeps,
  { space }: { space: string }
): Promise<GatewayAuthResult> {
  if (!space.startsWith('did:key:'))
    throw new InvalidDelegation(GATEWAY_STEP, `space ${space} is not a did:key`)
  const owner = await findOwnerDelegation(deps, space)
  const chain = await buildGatewayAuthChain(
    deps.signers,
    deps.gateway.did,
    space as `did:key:${string}`,
    owner
  )
  await invoke(deps, space, chain)
  return { delegation: chain.serve.cid.toString(), account: owner.account }
}

async function invoke(
  deps: GatewayAuthDeps,
  space: string,
  chain: GatewayAuthChain
) {
  const connection = connectGateway(deps.gateway, deps.timeoutMs)
  let receipt
  try {
    receipt = await chain.invocation.execute(connection)
  } catch (err) {
    throw classifyTransportError(err, deps.gateway.url)
  }
  const error = receipt.out.error
  if (error)
    throw new GatewayRejected(
      error.name,
      `gateway rejected access/delegate for ${space}: ${error.name}: ${error.message}`
    )
}

/** HTTP statuses as Storacha's retry policy classifies them; network failures are transient. */
function classifyTransportError(err: unknown, url: string): unknown {
  const message = `gateway ${url}: ${err instanceof Error ? err.message : String(err)}`
  if (err instanceof GatewayHttpError) {
    if (!isRetryableStatus(err.status))
      return new GatewayRejected(`HTTP ${err.status}`, message)
    return new TransientError(GATEWAY_STEP, message, {
      cause: err,
      retryAfterMs: retryAfterMs(err.retryAfter),
    })
  }
  if (err instanceof GatewayTimeout || isNetworkError(err))
    return new TransientError(GATEWAY_STEP, message, { cause: err })
  return err
}

/** What undici and Node throw when a connection fails, resets or a body read is aborted. */
function isNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return true
  return err instanceof TypeError && err.message === 'fetch failed'
}
