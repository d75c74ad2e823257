import type { CustomerCount, InstancePlan } from './types.js'

/** Largest first; equal counts in DID order, so that the same data always gives the same plan. */
export const byUploadsDescending = (a: CustomerCount, b: CustomerCount) =>
  b.uploads - a.uploads ||
  (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0)

/**
 * Greedy balancing: customers by descending uploads, each to the least-loaded instance. Load is
 * uploads, then spaces, then customers, then the lower instance number: the original compared
 * uploads only, which sent every customer without uploads to the same instance.
 */
export function balance(
  customers: readonly CustomerCount[],
  instances: number
): InstancePlan[] {
  if (!Number.isInteger(instances) || instances < 1)
    throw new RangeError(`cannot balance over ${instances} instances`)
  const plan: InstancePlan[] = Array.from({ length: instances }, (_, i) => ({
    instance: i + 1,
    customers: [],
    uploads: 0,
    spaces: 0,
  }))
  for (const customer of [...customers].sort(byUploadsDescending)) {
    let lightest = plan[0] as InstancePlan
    for (const candidate of plan)
      if (lighter(candidate, lightest)) lightest = candidate
    lightest.customers.push(customer.customer)
    lightest.uploads += customer.uploads
    lightest.spaces += customer.spaces
  }
  return plan
}

const lighter = (a: InstancePlan, b: InstancePlan): boolean =>
  a.uploads !== b.uploads
    ? a.uploads < b.uploads
    : a.spaces !== b.spaces
      ? a.spaces < b.spaces
      : a.customers.length < b.customers.length

/** The spread of uploads over instances: (max − min) / mean, in percent (the original's "variance"). */
export function loadSpread(plan: readonly InstancePlan[]): {
  min: number
  max: number
  mean: number
  spreadPercent: number
} {
  const uploads = plan.map((instance) => instance.uploads)
  if (uploads.length === 0) return { min: 0, max: 0, mean: 0, spreadPercent: 0 }
  const min = Math.min(...uploads)
  const max = Math.max(...uploads)
  const mean = uploads.reduce((sum, n) => sum + n, 0) / uploads.length
  return {
    min,
    max,
    mean,
    spreadPercent: mean > 0 ? ((max - min) / mean) * 100 : 0,
  }
}
