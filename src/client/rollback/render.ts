import { formatCount, formatRatio, plural } from '../shared/format.js'
import { describeScope } from '../shared/scope.js'
import type { RollbackPlan, SpaceRollback } from './plan.js'

/** Who revokes and where: the gateway (the delegations' audience) at the upload service. */
export interface Revoker {
  /** The principal issuing `ucan/revoke` (the gateway's DID). */
  issuer: string
  /** The service taking it (the upload service's DID). */
  service: string
}

/** Why what a rollback leaves in place stays there. */
export const WHAT_STAYS = [
  'Stays, and why:',
  '  indexes (assert/index), location claims (claim/cache, claims bucket, IPNI adverts) and the blobs',
  '  added for them: additive records of where bytes already are; they grant no access, and the',
  '  next migrate finds them and writes none of them again.',
  '  the revoked delegations in the gateway’s store: it has no delete; the revocation voids them.',
  '  upload rows, migration spaces and the legacy data: never touched.',
  '  note: a gateway serves no content under a revoked delegation only where it checks revocations',
  '  (the sandbox gateway does; Freeway 2.36.1 does not yet, see README).',
]

const more = (shown: number, total: number): string[] =>
  total > shown ? [`  … and ${formatCount(total - shown)} more`] : []

function spaceLine(s: SpaceRollback, width: number): string {
  const what = s.delegation
    ? `revoke ${s.delegation}`
    : `no gateway delegation recorded${s.gatewayReason ? ` (${s.gatewayReason})` : ''}: nothing to revoke`
  return `  ${s.space.padEnd(width)}  ${s.status.padEnd(11)}  ${formatRatio(s.completedUploads, s.totalUploads)} uploads  ${what}`
}

/** What a rollback would do (dry run) or is about to do (before the confirmation). */
export function renderRollbackPlan(
  plan: RollbackPlan,
  { execute, revoker }: { execute: boolean; revoker: Revoker }
): string {
  const { spaces, customers } = plan
  const width = Math.max(0, ...spaces.listed.map((s) => s.space.length))
  const lines = [
    `Rollback${execute ? '' : ' (dry run)'}: ${describeScope(plan.scope)}`,
    `Spaces to roll back: ${formatCount(spaces.toRollBack)} of ${formatCount(spaces.total)}; gateway delegations to revoke: ${formatCount(spaces.toRevoke)}`,
    ...spaces.listed.map((s) => spaceLine(s, width)),
    ...more(spaces.listed.length, spaces.toRollBack),
  ]
  if (spaces.toRevoke > 0)
    lines.push(
      `  → ucan/revoke of each, issued by ${revoker.issuer} (their audience) to ${revoker.service}`
    )
  if (spaces.toRollBack > 0)
    lines.push(
      `  → rows: status pending, completedUploads 0 (${plural(spaces.processedUploads, 'processed upload')} now), lastProcessedUpload, error and gateway outcome emptied; the next migrate authorizes the gateway again with a new delegation`
    )
  lines.push(
    `Customer rows to reset: ${formatCount(customers.toReset)} of ${formatCount(customers.total)}`,
    `Failure rows to delete: ${formatCount(plan.failures)} (their uploads are pending again)`,
    ...WHAT_STAYS
  )
  if (spaces.inProgress > 0)
    lines.push(
      `warning: ${plural(spaces.inProgress, 'space')} in progress: cancel the running workflows first (control cancel), or they write over the rollback`
    )
  if (!execute)
    lines.push(
      'Dry run: nothing revoked or written. Pass --execute to roll back.'
    )
  return `${lines.join('\n')}\n`
}

/** A space whose delegation could not be revoked; its rows are left as they were. */
export interface RollbackFailure {
  space: string
  error: string
}

/** What a rollback did. */
export interface RollbackResult {
  revoked: number
  spaces: number
  customers: number
  failures: number
  /** Spaces left untouched because their revocation failed. */
  failed: RollbackFailure[]
}

export function renderRollbackResult(result: RollbackResult): string {
  const lines = [
    `Revoked ${plural(result.revoked, 'gateway delegation')}; reset ${plural(result.spaces, 'space progress row')} and ${plural(result.customers, 'customer row')}; deleted ${plural(result.failures, 'failure row')}.`,
    ...result.failed.map(
      (f) => `error: ${f.space} not rolled back (rows kept): ${f.error}`
    ),
  ]
  if (result.failed.length > 0)
    lines.push(
      `${plural(result.failed.length, 'space')} not rolled back; run the rollback again once the cause is fixed.`
    )
  return `${lines.join('\n')}\n`
}
