import type { Signer } from '@ucanto/interface'
import { InvalidDelegation } from '../../failures/index.js'
import type { BlobStore, DelegationIndex, GatewayPort } from '../ports.js'
import { buildGatewayAuthChain } from './chain.js'
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
 * Authorizes the gateway to serve `space`, once per space: finds the owner delegation, builds
 * the chain and invokes `access/delegate`. Idempotent: a rerun sends the same delegations and
 * the gateway rewrites the same keys; with a `nonce` it sends fresh ones (new CIDs).
 */
export async function authorizeGateway(
  ports: GatewayAuthPorts,
  { space, nonce }: { space: string; nonce?: string }
): Promise<GatewayAuthResult> {
  if (!space.startsWith('did:key:'))
    throw new InvalidDelegation(GATEWAY_STEP, `space ${space} is not a did:key`)
  const owner = await findOwnerDelegation(ports, space)
  const chain = await buildGatewayAuthChain(
    ports.signers,
    ports.gateway.did,
    space as `did:key:${string}`,
    owner,
    nonce
  )
  await ports.gateway.accessDelegate(chain.invocation)
  return { delegation: chain.serve.cid.toString(), account: owner.account }
}
