import { access, capability, DID, Schema } from '@ucanto/validator'
import type { RevocationsStorage } from '@storacha/upload-api'
import { validateAuthorization } from '@storacha/upload-api/utils/revocation'
import type {
  Authorization,
  Delegation,
  Failure,
  Revoked,
  DIDKey,
  DIDKeyResolutionError,
  DID as UcantoDID,
  Result,
  Signer,
} from '@ucanto/interface'
import { Verifier } from '../../principal/index.js'
import type { DelegationStore } from './delegation-store.js'

/** `space/content/serve/transport/http`, as Freeway defines it locally (`src/capabilities/serve.js`). */
export const transportHttp = capability({
  can: 'space/content/serve/transport/http',
  with: DID,
  nb: Schema.struct({ token: Schema.string().nullable() }),
})

export interface ServeCheckDeps {
  identity: Signer
  store: DelegationStore
  validatorProofs: Delegation[]
  resolveDIDKey: (did: UcantoDID) => Result<DIDKey[], DIDKeyResolutionError>
  /** Where `ucan/revoke` stored revocations; none: nothing is ever revoked (Freeway today). */
  revocations?: RevocationsStorage
}

export interface ServeCheck {
  space: string
  servable: boolean
  /** CIDs of the delegations stored for the space. */
  delegations: string[]
  /** Why not, when not servable: the validator's error name and message. */
  error?: { name: string; message: string }
}

/**
 * Freeway's `withAuthorizedSpace` check for one space: the gateway invokes
 * `space/content/serve/transport/http` on itself with every stored delegation as proof, and the
 * chain must reach the gateway DID (so a serve delegation to another audience fails here).
 * With `revocations`, the chain is also checked against them as upload-api checks its own
 * invocations (Freeway 2.36.1 passes `validateAuthorization: () => ok`, "TODO: wire into
 * revocations"). The validator checks revocation only on the first chain it finds, and the store
 * keeps revoked delegations (Freeway's KV has no delete), so a revoked proof is dropped and the
 * check runs again: a delegation given after the revocation still authorizes.
 */
export async function checkServe(
  deps: ServeCheckDeps,
  space: string,
  token: string | null = null
): Promise<ServeCheck> {
  const stored = await deps.store.find(space)
  const delegations = stored.map((proof) => proof.cid.toString())
  if (stored.length === 0)
    return refuse(space, delegations, 'NotAuthorized', notAuthorized)
  let proofs = stored
  let revoked: { name: string; message: string } | undefined
  for (;;) {
    const result = await authorizeWith(deps, space, token, proofs)
    if (!result.error) return { space, servable: true, delegations }
    const found = revokedProof(result.error)
    const rest = proofs.filter((proof) => proof.cid.toString() !== found?.cid)
    if (!found || rest.length === proofs.length || rest.length === 0) {
      const why = revoked ?? found ?? result.error
      return refuse(space, delegations, why.name, why.message)
    }
    revoked ??= found
    proofs = rest
  }
}

async function authorizeWith(
  { identity, validatorProofs, resolveDIDKey, revocations }: ServeCheckDeps,
  space: string,
  token: string | null,
  proofs: Delegation[]
) {
  const invocation = await transportHttp
    .invoke({
      issuer: identity,
      audience: identity,
      with: space as `did:${string}:${string}`,
      nb: { token },
      proofs,
    })
    .delegate()
  return access(invocation, {
    capability: transportHttp,
    authority: identity,
    principal: Verifier,
    proofs: validatorProofs,
    resolveDIDKey,
    validateAuthorization: revocations
      ? (auth: Authorization) =>
          validateAuthorization({ revocationsStorage: revocations }, auth)
      : () => ({ ok: {} }),
  })
}

/** The revoked delegation an `Unauthorized` names, if revocation is why. */
function revokedProof(
  error: Failure & { invalidProofs?: unknown }
): { cid: string; name: string; message: string } | undefined {
  const invalid = Array.isArray(error.invalidProofs) ? error.invalidProofs : []
  const revoked = invalid.find(
    (e: unknown): e is Revoked => (e as Failure | undefined)?.name === 'Revoked'
  )
  return revoked
    ? {
        cid: revoked.delegation.cid.toString(),
        name: revoked.name,
        message: revoked.message,
      }
    : undefined
}

const notAuthorized = 'The gateway is not authorized to serve this content.'

function refuse(
  space: string,
  delegations: string[],
  name: string,
  message: string
): ServeCheck {
  return { space, servable: false, delegations, error: { name, message } }
}
