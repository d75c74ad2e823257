import { Access, Space } from '@storacha/capabilities'
import { provideAdvanced } from '@ucanto/server'
import { claim, Schema } from '@ucanto/validator'
import type { Delegation, Signer } from '@ucanto/interface'
import type { Ledger } from '../ledger.js'
import type { DelegationStore } from './delegation-store.js'
import { extractDelegations } from './extract-delegations.js'

export interface AccessDelegateDeps {
  /** The gateway identity (did:web), the authority every chain must reach. */
  identity: Signer
  store: DelegationStore
  ledger: Ledger
  validatorProofs: Delegation[]
  /** Spaces the gateway refuses (`Unauthorized`), whatever their proofs: a test's switch. */
  refusedSpaces: ReadonlySet<string>
}

/**
 * Freeway's `access/delegate`: the whole `nb.delegations` set is the proof pool for
 * `space/content/serve/*` on the invoked space; the delegations' own audience is not checked
 * here (it is when content is served). On success every delegation of the set is stored.
 */
export function accessDelegate({
  identity,
  store,
  ledger,
  validatorProofs,
  refusedSpaces,
}: AccessDelegateDeps) {
  return provideAdvanced({
    capability: Access.delegate,
    audience: Schema.did({ method: 'web' }).or(Schema.did({ method: 'key' })),
    handler: async ({ capability, invocation, context }) => {
      if (refusedSpaces.has(capability.with))
        return {
          error: {
            name: 'Unauthorized',
            message: `the gateway refuses ${capability.with}`,
          },
        }
      const extracted = await extractDelegations(
        capability.nb.delegations,
        invocation
      )
      if (extracted.error) return extracted
      const validation = await claim(Space.contentServe, extracted.ok, {
        ...context,
        authority: identity,
        proofs: validatorProofs,
      })
      if (validation.error) return validation
      const space = capability.with
      for (const delegation of extracted.ok) {
        const { write } = await store.store(space, delegation)
        ledger.record('delegation-stored', {
          space,
          delegation: delegation.cid.toString(),
          write,
        })
      }
      return { ok: {} }
    },
  })
}
