import { LRUCache } from 'lru-cache'
import { getOrCreateMigrationSpace } from './get-or-create.js'
import type { MigrationSpace, MigrationSpacePorts } from './types.js'

export interface MigrationSpaceCacheOptions {
  /** Customers whose ready space a process keeps. */
  max: number
  /** How long a space is trusted without reading its record again. */
  ttlMs: number
}

const DEFAULTS: MigrationSpaceCacheOptions = { max: 1_000, ttlMs: 600_000 }

/**
 * `getOrCreateMigrationSpace` that keeps each customer's ready space for a while, so a page's
 * uploads do not each read the record and decrypt the key again. Only a space whose every step
 * succeeded is kept (a failed call is forgotten at once); callers at the same time share one call.
 */
export function cachedMigrationSpaces(
  deps: MigrationSpacePorts,
  options: MigrationSpaceCacheOptions = DEFAULTS
): (customer: string) => Promise<MigrationSpace> {
  const spaces = new LRUCache<string, Promise<MigrationSpace>>({
    max: options.max,
    ttl: options.ttlMs,
  })
  return (customer) => {
    const known = spaces.get(customer)
    if (known) return known.then((space) => ({ ...space, created: false }))
    const space = getOrCreateMigrationSpace(deps, customer)
    spaces.set(customer, space)
    space.catch(() => {
      if (spaces.get(customer) === space) spaces.delete(customer)
    })
    return space
  }
}
