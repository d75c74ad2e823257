/** What a seeded world looks like by space size, read from the seed planner. */
import {
  DEFAULT_SEED_OPTIONS,
  planCustomers,
  planSpaces,
  type SeedOptions,
} from '../../src/sandbox/seed/plan.js'

const BUCKETS = [
  { label: '< 10', below: 10 },
  { label: '10–99', below: 100 },
  { label: '100–999', below: 1_000 },
  { label: '1k–9,999', below: 10_000 },
  { label: '10k+', below: Infinity },
] as const

export interface WorldShape {
  customers: number
  spaces: number
  uploads: number
  largestSpace: number
  buckets: { label: string; spaces: number; uploads: number }[]
}

export function shapeOf(options: Partial<SeedOptions>): WorldShape {
  const plan = { ...DEFAULT_SEED_OPTIONS, ...options }
  const buckets = BUCKETS.map((b) => ({
    label: b.label,
    spaces: 0,
    uploads: 0,
  }))
  const shape: WorldShape = {
    customers: 0,
    spaces: 0,
    uploads: 0,
    largestSpace: 0,
    buckets,
  }
  for (const customer of planCustomers(plan)) {
    shape.customers++
    for (const space of planSpaces(plan, customer)) {
      shape.spaces++
      shape.uploads += space.uploads
      shape.largestSpace = Math.max(shape.largestSpace, space.uploads)
      const bucket = buckets[BUCKETS.findIndex((b) => space.uploads < b.below)]
      if (bucket) {
        bucket.spaces++
        bucket.uploads += space.uploads
      }
    }
  }
  return shape
}
