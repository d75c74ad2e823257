/**
 * Customers never distributed (reference §1.3): CI accounts, and accounts blocked because of a
 * space-ownership transfer. A pattern matches the DID itself or any DID under it (`pattern:`).
 */
export const SKIP_LIST: readonly string[] = [
  'did:mailto:mailslurp.biz',
  'did:mailto:mailslurp.com',
  'did:mailto:mailslurp.net',
  'did:mailto:weatherxm.com:weatherxmdev',
  'did:mailto:textile.io:ops+basin',
]

/** Whether the skip list leaves the customer out. */
export const isSkipped = (
  customer: string,
  skipList: readonly string[] = SKIP_LIST
): boolean =>
  skipList.some(
    (pattern) => customer === pattern || customer.startsWith(`${pattern}:`)
  )

/** The patterns of a `--filter` value: comma-separated, trimmed, empty ones dropped. */
export const parseFilter = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '')

/**
 * Whether the customer matches an include pattern: the whole DID, a prefix ending at a `:`, or a
 * `:`-delimited part of it, so that `storacha.network` matches
 * `did:mailto:storacha.network:alice`. No pattern includes everyone.
 */
export const matchesFilter = (
  customer: string,
  patterns: readonly string[]
): boolean =>
  patterns.length === 0 ||
  patterns.some(
    (pattern) =>
      customer === pattern ||
      customer.startsWith(`${pattern}:`) ||
      customer.includes(`:${pattern}:`)
  )

/** Why a customer is left out of the distribution, if it is. */
export type Exclusion = 'skip-list' | 'filter'

export function exclusionOf(
  customer: string,
  patterns: readonly string[]
): Exclusion | undefined {
  if (isSkipped(customer)) return 'skip-list'
  if (!matchesFilter(customer, patterns)) return 'filter'
  return undefined
}
