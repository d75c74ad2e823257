import type { Delegation } from '@ucanto/interface'
import { loadDelegation } from '../delegations/load-delegation.js'
import type { DelegationRecord } from '../ports.js'
import type { GatewayAuthPorts } from './authorize-gateway.js'
import { OwnerDelegationNotFound } from './errors.js'

/** The capabilities the chain derives from the owner delegation. */
export const OWNER_CAPABILITIES = ['space/content/serve/*', 'access/*'] as const

export type MailtoDid = `did:mailto:${string}:${string}`

export interface OwnerDelegation {
  delegation: Delegation
  /** The account the space delegated to. */
  account: MailtoDid
}

type Rejection =
  'not-mailto' | 'expired' | 'missing' | 'undecodable' | 'not-owner'

/**
 * The space's delegation to its owner account: issued by the space, to a did:mailto, covering
 * {@link OWNER_CAPABILITIES} on the space, unexpired. Every page of the issuer index is read;
 * among several valid ones the smallest CID wins, so reruns build the same chain.
 */
export async function findOwnerDelegation(
  deps: Pick<
    GatewayAuthPorts,
    'delegationTable' | 'delegationStore' | 'r2' | 'now'
  >,
  space: string
): Promise<OwnerDelegation> {
  const nowSeconds = Math.floor((deps.now ?? Date.now)() / 1000)
  const stores = deps.r2
    ? [deps.r2, deps.delegationStore]
    : [deps.delegationStore]
  const rejections: Rejection[] = []
  let best: OwnerDelegation | undefined
  for await (const page of deps.delegationTable.byIssuer(space)) {
    for (const row of page) {
      const found = await checkCandidate(row, { space, nowSeconds, stores })
      if ('rejection' in found) rejections.push(found.rejection)
      else best = smallerCid(best, found.owner)
    }
  }
  if (best) return best
  throw noOwner(space, rejections)
}

function smallerCid(a: OwnerDelegation | undefined, b: OwnerDelegation) {
  if (!a) return b
  return b.delegation.cid.toString() < a.delegation.cid.toString() ? b : a
}

async function checkCandidate(
  row: DelegationRecord,
  ctx: {
    space: string
    nowSeconds: number
    stores: Parameters<typeof loadDelegation>[0]
  }
): Promise<{ owner: OwnerDelegation } | { rejection: Rejection }> {
  if (!isMailto(row.audience)) return { rejection: 'not-mailto' }
  if (isExpired(row.expiration, ctx.nowSeconds)) return { rejection: 'expired' }
  const loaded = await loadDelegation(ctx.stores, row.link)
  if (loaded.status !== 'found') return { rejection: loaded.status }
  const delegation = loaded.delegation
  const audience = delegation.audience.did()
  if (!isMailto(audience)) return { rejection: 'not-mailto' }
  if (isExpired(delegation.expiration, ctx.nowSeconds))
    return { rejection: 'expired' }
  if (
    delegation.issuer.did() !== ctx.space ||
    !coversOwnerCapabilities(delegation, ctx.space)
  )
    return { rejection: 'not-owner' }
  return { owner: { delegation, account: audience } }
}

const isMailto = (did: string): did is MailtoDid =>
  did.startsWith('did:mailto:')

const isExpired = (expiration: number | undefined, nowSeconds: number) =>
  expiration !== undefined &&
  expiration !== Infinity &&
  expiration <= nowSeconds

/**
 * Every needed ability is covered by one capability on the space: the same ability, `*`, or a
 * `prefix/*` wildcard above it. (`space/*` alone does not cover `access/*`, so it is not enough.)
 */
export function coversOwnerCapabilities(
  delegation: Delegation,
  space: string
): boolean {
  const abilities = delegation.capabilities
    .filter((capability) => capability.with === space)
    .map((capability) => capability.can)
  return OWNER_CAPABILITIES.every((needed) =>
    abilities.some((can) => covers(can, needed))
  )
}

function covers(can: string, needed: string): boolean {
  if (can === '*' || can === needed) return true
  return can.endsWith('/*') && needed.startsWith(can.slice(0, -1))
}

function noOwner(
  space: string,
  rejections: Rejection[]
): OwnerDelegationNotFound {
  if (rejections.length === 0)
    return new OwnerDelegationNotFound(
      space,
      'no-delegations',
      'no delegation issued by the space'
    )
  const counts = new Map<Rejection, number>()
  for (const r of rejections) counts.set(r, (counts.get(r) ?? 0) + 1)
  const detail = [...counts].map(([r, n]) => `${n} ${r}`).join(', ')
  const reason = rejections.every((r) => r === 'not-mailto')
    ? 'customer-not-mailto'
    : 'no-valid-delegation'
  return new OwnerDelegationNotFound(
    space,
    reason,
    `${rejections.length} candidates: ${detail}`
  )
}
