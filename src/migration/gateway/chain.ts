import { Access, Space, UCAN } from '@storacha/capabilities'
import { delegate } from '@ucanto/core'
import type { Delegation, DID, IssuedInvocationView } from '@ucanto/interface'
import { Absentee } from '@ucanto/principal'
import type { GatewayAuthSigners } from './authorize-gateway.js'
import type { OwnerDelegation } from './owner-delegation.js'

type SpaceDid = `did:key:${string}`

export interface GatewayAuthChain {
  /** account → gateway `space/content/serve/*`, the delegation the gateway stores. */
  serve: Delegation
  /** upload service's `ucan/attest` of `serve`. */
  serveAttestation: Delegation
  invocation: IssuedInvocationView<ReturnType<typeof Access.delegate.create>>
}

/**
 * Freeway's accepted chain (reference §5.1/5.2). The account is a did:mailto without a key, so
 * each of its delegations needs a `ucan/attest`: the gateway's for `access/*` to the agent (it
 * is the authority), the upload service's for the serve delegation (accepted through the
 * gateway's validator proof). No expiry anywhere, and ed25519 signatures are deterministic, so
 * the same owner delegation and `serveNonce` always yield the same serve CID. The nonce is absent
 * until the space's authorization is renewed (a rollback revoked it, or `reauthorize` forced a
 * fresh one): a renewed authorization needs delegations of its own, with new CIDs.
 */
export async function buildGatewayAuthChain(
  signers: GatewayAuthSigners,
  gatewayDid: string,
  space: SpaceDid,
  owner: OwnerDelegation,
  serveNonce?: string
): Promise<GatewayAuthChain> {
  const account = Absentee.from({ id: owner.account })
  const agent = signers.migrationAgent
  const gateway = { did: () => gatewayDid as DID }
  const access = await Access.access.delegate({
    issuer: account,
    audience: agent,
    with: space,
    proofs: [owner.delegation],
    expiration: Infinity,
    nonce: serveNonce,
  })
  const accessAttestation = await attest(signers.gateway, agent, access)
  const serve = await delegate({
    issuer: account,
    audience: gateway,
    capabilities: [{ can: Space.contentServe.can, with: space }],
    proofs: [owner.delegation],
    expiration: Infinity,
    nonce: serveNonce,
  })
  const serveAttestation = await attest(signers.uploadService, gateway, serve)
  const invocation = invokeDelegate(
    agent,
    gateway,
    space,
    [serve, serveAttestation],
    [access, accessAttestation]
  )
  return { serve, serveAttestation, invocation }
}

function attest(
  attester: GatewayAuthSigners['gateway'],
  audience: { did(): DID },
  proof: Delegation
) {
  return UCAN.attest.delegate({
    issuer: attester,
    audience,
    with: attester.did(),
    nb: { proof: proof.cid },
    expiration: Infinity,
  })
}

/**
 * `access/delegate` naming `delegations` in `nb` and carrying their blocks; the blocks are also
 * linked from `facts`, because the gateway only reads blocks the invocation links (reference §5.1).
 */
function invokeDelegate(
  agent: GatewayAuthSigners['migrationAgent'],
  gateway: { did(): DID },
  space: SpaceDid,
  delegations: Delegation[],
  proofs: Delegation[]
) {
  const blocks = delegations.flatMap((d) => [...d.iterateIPLDBlocks()])
  const invocation = Access.delegate.invoke({
    issuer: agent,
    audience: gateway,
    with: space,
    nb: {
      delegations: Object.fromEntries(
        delegations.map((d) => [d.cid.toString(), d.cid])
      ),
    },
    proofs,
    facts: [Object.fromEntries(blocks.map((b) => [b.cid.toString(), b.cid]))],
    expiration: Infinity,
  })
  for (const block of blocks) invocation.attach(block)
  return invocation
}
