import type { RevocationsStorage } from '@storacha/upload-api'
import type { Ledger } from '../ledger.js'

/**
 * Wraps upload-api's revocations store so that the ledger gets one `delegation-revoked` per
 * delegation and revoker newly stored: a second `ucan/revoke` of the same delegation by the same
 * principal changes nothing the validator reads, and is not counted.
 */
export function recordingRevocations(
  store: RevocationsStorage,
  ledger: Ledger
): RevocationsStorage {
  const recordIfNew =
    (write: RevocationsStorage['add']): RevocationsStorage['add'] =>
    async (revocation) => {
      const key = revocation.revoke.toString()
      const known = await store.query({ [key]: {} })
      const already =
        Object.entries(known.ok ?? {}).find(([cid]) => cid === key)?.[1]?.[
          revocation.scope
        ] !== undefined
      const result = await write(revocation)
      if (result.ok && !already)
        ledger.record('delegation-revoked', {
          delegation: key,
          scope: revocation.scope,
        })
      return result
    }
  return {
    query: (query) => store.query(query),
    add: recordIfNew((revocation) => store.add(revocation)),
    reset: recordIfNew((revocation) => store.reset(revocation)),
  }
}
