import type { MigrationSpaceStatus } from '../ports.js'
import { delegateMigrationSpace, isMailtoCustomer } from './delegate.js'
import { openOrCreateSpace, spaceSigner } from './open-or-create.js'
import { provisionMigrationSpace } from './provision.js'
import type { MigrationSpace, MigrationSpacePorts } from './types.js'

const ORDER: readonly MigrationSpaceStatus[] = [
  'active',
  'provisioned',
  'delegated',
]
const reached = (status: MigrationSpaceStatus, step: MigrationSpaceStatus) =>
  ORDER.indexOf(status) >= ORDER.indexOf(step)

/**
 * The customer's migration space, created if missing, with every step not yet recorded as done
 * (provisioning, then delegation to a did:mailto customer) carried out again. Each step is
 * idempotent, so a call that crashed half-way is completed by the next one. Concurrent callers
 * may each redo a step and write an earlier status after a later one, but every caller that
 * succeeds ends by writing the final status, so the last write is always the final status.
 */
export async function getOrCreateMigrationSpace(
  deps: MigrationSpacePorts,
  customer: string
): Promise<MigrationSpace> {
  const { record, created } = await openOrCreateSpace(deps, customer)
  const signer = spaceSigner(record, deps.encryptionKey)
  const space = { signer, did: signer.did(), created }
  const spaces = deps.tables.migrationSpaces
  if (!reached(record.status, 'provisioned')) {
    await provisionMigrationSpace(deps, customer, space.did)
    await spaces.setStatus(customer, 'provisioned')
  }
  if (!isMailtoCustomer(customer))
    return { ...space, delegationSkipped: notMailto(customer) }
  if (!reached(record.status, 'delegated')) {
    await delegateMigrationSpace(deps, signer, customer)
    await spaces.setStatus(customer, 'delegated')
  }
  return space
}

const notMailto = (customer: string) =>
  `${customer} is not a did:mailto account; only accounts can be delegated a space`
