import { access, capability, DID, Schema } from '@ucanto/validator'
import type { RevocationsStorage } from '@storacha/upload-api'
import { validateAuthorization } from '@storacha/upload-api/utils/revocation'
import type {
  Authorization,
  Delegation,
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
 * With `revocations`, every chain is also checked against them as upload-api checks its own
 * invocations (a chain through a revoked delegation is `Revoked`, another chain may still pass):
 * Freeway 2.36.1 passes `validateAuthorization: () => ok` with "TODO: wire into revocations".
 */
export async function checkServe(
  {
    identity,
    store,
    validatorProofs,
    resolveDIDKey,
    revocations,
  }: ServeCheckDeps,
  space: string,
  token: string | null = null
): Promise<ServeCheck> {
  const proofs = await store.find(space)
  const delegations = proofs.map((proof) => proof.cid.toString())
  if (proofs.length === 0)
    return refuse(space, delegations, 'NotAuthorized', notAuthorized)
  const invocation = await transportHttp
    .invoke({
      issuer: identity,
      audience: identity,
      with: space as `did:${string}:${string}`,
      nb: { token },
      proofs,
    })
    .delegate()
  const result = await access(invocation, {
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
  if (result.error)
    return refuse(space, delegations, result.error.name, result.error.message)
  return { space, servable: true, delegations }
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
