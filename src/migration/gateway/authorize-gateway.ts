import type { Signer } from '@ucanto/interface'
import { InvalidDelegation } from '../../failures/index.js'
import type { BlobStore, DelegationIndex, GatewayPort } from '../ports.js'
import { buildGatewayAuthChain, type GatewayAuthChain } from './chain.js'
import { GATEWAY_STEP } from './errors.js'
import { findOwnerDelegation } from './owner-delegation.js'

/** The keys the migration signs with, each as its service DID. */
export interface GatewayAuthSigners {
  /** Signs the attestation of the account → agent `access/*` delegation. */
  gateway: Signer
  /** Signs the attestation of the account → gateway serve delegation. */
  uploadService: Signer
  /** Invokes `access/delegate`. */
  migrationAgent: Signer
}

export interface GatewayAuthPorts {
  gateway: GatewayPort
  delegationTable: DelegationIndex
  /** The S3 delegation bucket. */
  delegationStore: BlobStore
  /** The R2 delegation bucket, read before S3 when configured. */
  r2?: BlobStore
  signers: GatewayAuthSigners
  /** Milliseconds since the epoch, for expiry checks. */
  now?: () => number
}

export interface GatewayAuthResult {
  /** CID of the account → gateway `space/content/serve/*` delegation the gateway stored. */
  delegation: string
  /** The owner account the chain starts from. */
  account: string
}

/**
 * Which serve delegation of a space: how many of its earlier ones a rollback revoked, and how
 * many times `reauthorize` renewed it. Both are on the progress row, so a retry and a rollback
 * rebuild the same CID.
 */
export interface GatewayAuthTarget {
  space: string
  /** The progress row's `gatewayRevocations`; 0 or absent for the first authorization. */
  revocations?: number
  /** The progress row's `gatewayReauthorizations`; 0 or absent until one is forced. */
  reauthorizations?: number
}

/** The serve delegation's nonce: none for the first authorization, one per renewal after it. */
export const serveNonce = (
  revocations = 0,
  reauthorizations = 0
): string | undefined => {
  if (reauthorizations > 0)
    return `gateway-reauthorization-${revocations}-forced-${reauthorizations}`
  return revocations > 0 ? `gateway-reauthorization-${revocations}` : undefined
}

/**
 * The chain `authorizeGateway` sends for a space, rebuilt from its owner delegation: the same
 * target always gives the same serve CID, which is how a rollback finds the delegation to revoke.
 */
export async function gatewayAuthChain(
  ports: Pick<
    GatewayAuthPorts,
    'gateway' | 'delegationTable' | 'delegationStore' | 'r2' | 'signers' | 'now'
  >,
  { space, revocations, reauthorizations }: GatewayAuthTarget
): Promise<{ chain: GatewayAuthChain; account: string }> {
  if (!space.startsWith('did:key:'))
    throw new InvalidDelegation(GATEWAY_STEP, `space ${space} is not a did:key`)
  const owner = await findOwnerDelegation(ports, space)
  const chain = await buildGatewayAuthChain(
    ports.signers,
    ports.gateway.did,
    space as `did:key:${string}`,
    owner,
    serveNonce(revocations, reauthorizations)
  )
  return { chain, account: owner.account }
}

/**
 * Authorizes the gateway to serve `space`, once per space: finds the owner delegation, builds
 * the chain and invokes `access/delegate`. Idempotent: a rerun sends the same delegations and
 * the gateway rewrites the same keys.
 */
export async function authorizeGateway(
  ports: GatewayAuthPorts,
  target: GatewayAuthTarget
): Promise<GatewayAuthResult> {
  const { chain, account } = await gatewayAuthChain(ports, target)
  await ports.gateway.accessDelegate(chain.invocation)
  return { delegation: chain.serve.cid.toString(), account }
}
