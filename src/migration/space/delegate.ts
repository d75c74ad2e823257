import { delegate } from '@ucanto/core'
import type { Delegation, DID, Signer } from '@ucanto/interface'
import { Absentee } from '@ucanto/principal'
import { delegationKey } from '../delegations/delegation-key.js'
import type { MigrationSpacePorts } from './types.js'

/** What the customer may do with its migration space (as the original grants). */
export const CUSTOMER_CAPABILITY = 'space/*'

const MAILTO = /^did:mailto:[^:]+:[^:]+$/

export const isMailtoCustomer = (
  customer: string
): customer is `did:mailto:${string}` => MAILTO.test(customer)

/**
 * The space's delegation to the customer's account. Without a nonce or timestamps and with a
 * deterministic ed25519 signature, it has the same CID every time, so storing it again after a
 * crash overwrites identical bytes instead of adding a second delegation.
 */
export function customerDelegation(
  space: Signer<DID<'key'>>,
  customer: `did:mailto:${string}`
): Promise<Delegation> {
  return delegate({
    issuer: space,
    audience: Absentee.from({ id: customer }),
    capabilities: [{ can: CUSTOMER_CAPABILITY, with: space.did() }],
    expiration: Infinity,
  })
}

/**
 * Stores the delegation of the space to the customer: the CAR first, then its row, so that a
 * row never points at a missing CAR.
 */
export async function delegateMigrationSpace(
  deps: MigrationSpacePorts,
  space: Signer<DID<'key'>>,
  customer: `did:mailto:${string}`
): Promise<Delegation> {
  const delegation = await customerDelegation(space, customer)
  const archive = await delegation.archive()
  if (archive.error) throw archive.error
  const link = delegation.cid.toString()
  await deps.delegationStore.put(delegationKey(link), archive.ok)
  await deps.tables.delegation.putAll([
    { link, issuer: space.did(), audience: customer },
  ])
  return delegation
}
