import { exclusionOf } from './customer-filter.js'
import { type RetryOptions, withRetry } from './retry.js'
import type { DistributionTables } from './types.js'

/** What the consumer scan found: each included customer's spaces, and what it left out. */
export interface ScanResult {
  spaces: Map<string, Set<string>>
  /** Consumer rows read. */
  records: number
  /** Distinct customers the skip list left out. */
  skipped: Set<string>
  /** Distinct customers the include filter left out. */
  filteredOut: number
  /** Rows without a customer or space DID. */
  invalid: number
  /** Spaces provisioned to more than one customer, each planned under its owner only. */
  contested: number
}

export interface ScanOptions {
  segments: number
  patterns: readonly string[]
  signal?: AbortSignal
  retry?: RetryOptions
  /** Told of the rows read and customers found so far, after each page. */
  onPage?: (records: number, customers: number) => void
}

/**
 * A parallel Scan of the consumer table into customer → spaces. A segment that fails with a
 * retryable error is read again from its start (a set keeps its spaces once).
 */
export async function scanCustomers(
  consumer: DistributionTables['consumer'],
  { segments, patterns, signal, retry, onPage }: ScanOptions
): Promise<ScanResult> {
  const spaces = new Map<string, Set<string>>()
  // The first customer seen per space: a second one makes the space contested.
  const firstCustomer = new Map<string, string>()
  const contested = new Map<string, Set<string>>()
  const skipped = new Set<string>()
  const filteredOut = new Set<string>()
  const perSegment = Array.from({ length: segments }, () => ({
    records: 0,
    invalid: 0,
  }))
  const total = () => perSegment.reduce((sum, s) => sum + s.records, 0)
  // After one segment fails for good, the others stop at their next page.
  let stopped = false
  const scanSegment = async (segment: number) => {
    const stats = perSegment[segment] as { records: number; invalid: number }
    stats.records = 0
    stats.invalid = 0
    for await (const page of consumer.scanSegment(segment, segments)) {
      signal?.throwIfAborted()
      if (stopped) throw new Error('scan stopped: another segment failed')
      for (const { space, customer } of page) {
        if (!customer.startsWith('did:') || !space.startsWith('did:')) {
          stats.invalid++
          continue
        }
        const exclusion = exclusionOf(customer, patterns)
        if (exclusion === 'skip-list') skipped.add(customer)
        else if (exclusion === 'filter') filteredOut.add(customer)
        else {
          const first = firstCustomer.get(space)
          if (first === undefined) firstCustomer.set(space, customer)
          else if (first !== customer)
            contested.set(
              space,
              (contested.get(space) ?? new Set([first])).add(customer)
            )
          const set = spaces.get(customer)
          if (set) set.add(space)
          else spaces.set(customer, new Set([space]))
        }
      }
      stats.records += page.length
      onPage?.(total(), spaces.size)
    }
  }
  await Promise.all(
    perSegment.map((_, segment) =>
      withRetry(() => scanSegment(segment), retry).catch((err: unknown) => {
        stopped = true
        throw err
      })
    )
  )
  firstCustomer.clear()
  await plannedUnderOwners(consumer, spaces, contested, retry)
  return {
    spaces,
    contested: contested.size,
    records: total(),
    skipped,
    filteredOut: filteredOut.size,
    invalid: perSegment.reduce((sum, s) => sum + s.invalid, 0),
  }
}

/**
 * A space provisioned to several customers is migrated once, under its owner (the consumer
 * table's `ownerOf`): the plan leaves it out of the others, so no upload is planned twice.
 */
async function plannedUnderOwners(
  consumer: DistributionTables['consumer'],
  spaces: Map<string, Set<string>>,
  contested: Map<string, Set<string>>,
  retry: RetryOptions | undefined
) {
  for (const [space, customers] of contested) {
    const owner = (await withRetry(() => consumer.ownerOf(space), retry))
      ?.customer
    for (const customer of customers)
      if (customer !== owner) spaces.get(customer)?.delete(space)
  }
}
