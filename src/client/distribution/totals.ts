import type { CustomerCount } from './types.js'

/** Totals over the customers of a distribution. */
export interface DistributionTotals {
  customers: number
  uploads: number
  spaces: number
  emptySpaces: number
}

export function totalsOf(
  customers: readonly CustomerCount[]
): DistributionTotals {
  const totals = {
    customers: customers.length,
    uploads: 0,
    spaces: 0,
    emptySpaces: 0,
  }
  for (const c of customers) {
    totals.uploads += c.uploads
    totals.spaces += c.spaces
    totals.emptySpaces += c.emptySpaces
  }
  return totals
}
