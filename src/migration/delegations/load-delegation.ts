import type { Delegation } from '@ucanto/interface'
import type { BlobStore } from '../ports.js'
import { decodeDelegation } from './delegation-archive.js'
import { delegationKey } from './delegation-key.js'

export type LoadedDelegation =
  | { status: 'found'; delegation: Delegation }
  | { status: 'missing' }
  | { status: 'undecodable' }

/**
 * Reads a delegation CAR from the first store that holds it, in order (R2 before S3, as the
 * original reads them). A store error is thrown, not treated as missing: it may be transient.
 */
export async function loadDelegation(
  stores: readonly BlobStore[],
  cid: string
): Promise<LoadedDelegation> {
  for (const store of stores) {
    const bytes = await store.get(delegationKey(cid))
    if (!bytes) continue
    const delegation = await decodeDelegation(bytes, cid)
    return delegation
      ? { status: 'found', delegation }
      : { status: 'undecodable' }
  }
  return { status: 'missing' }
}
