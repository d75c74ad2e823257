import * as Assert from '@storacha/capabilities/assert'
import * as ClaimCapabilities from '@storacha/capabilities/claim'
import { Delegation } from '@ucanto/core'
import type {
  Delegation as DelegationView,
  ServerView,
  Signer,
  UCANLink,
} from '@ucanto/interface'
import type { UnknownLink } from 'multiformats'
import * as Server from '@ucanto/server'
import * as CAR from '@ucanto/transport/car'
import { DIDResolutionError } from '@ucanto/validator'
import { base58btc } from 'multiformats/bases/base58'
import { Verifier } from '../../principal/index.js'
import type { Ledger } from '../ledger.js'
import type { DidKey, DidWeb, IndexerLag } from './api.js'
import type { ClaimStore } from './claim-store.js'
import {
  IndexUnavailable,
  InvalidProvider,
  MissingClaim,
  UnrecognizedClaim,
} from './errors.js'
import { readIndex } from './index-reader.js'
import { checkIndexLocationClaim } from './location-check.js'
import { cacheLocation, checkIndexContent, registerIndex } from './publish.js'

export interface UcanServerDeps {
  signer: Signer
  ledger: Ledger
  store: ClaimStore
  fetch: typeof globalThis.fetch
  didKeys: Record<DidWeb, DidKey>
  lag: IndexerLag
}

const ED25519_DID_KEY = 'did:key:z6Mk'

/** The service the ucanto server provides, for typed `@ucanto/client` connections. */
export type IndexerUcanService =
  ReturnType<typeof createUcanServer> extends ServerView<infer S> ? S : never

/** The ucanto server behind `POST /` and `POST /claims`. */
export function createUcanServer(deps: UcanServerDeps) {
  return Server.create({
    id: deps.signer,
    codec: CAR.inbound,
    principal: Verifier,
    service: {
      assert: { index: Server.provide(Assert.index, assertIndex(deps)) },
      claim: {
        cache: Server.provide(ClaimCapabilities.cache, claimCache(deps)),
      },
    },
    validateAuthorization: () => ({ ok: {} }),
    resolveDIDKey: (did) => {
      const key = deps.didKeys[did as DidWeb]
      return key ? { ok: [key] } : { error: new DIDResolutionError(did) }
    },
  })
}

type AssertIndexInput = Server.ProviderInput<
  Server.InferInvokedCapability<typeof Assert.index>
>

/**
 * The invocation itself becomes the index claim. Errors are thrown so that they reach the
 * receipt as HandlerExecutionError, as the Go service's do.
 */
function assertIndex({ store, fetch, ledger, signer, lag }: UcanServerDeps) {
  return async ({ capability, invocation }: AssertIndexInput) => {
    const { content, index: indexLink } = capability.nb
    const records = store.locations(indexLink.multihash)
    if (records.length === 0)
      throw new IndexUnavailable(
        `no location commitments found for index: ${indexLink}`
      )
    const index = await readIndex({
      store,
      fetch,
      digest: indexLink.multihash,
      records,
      check: checkIndexLocationClaim,
    })
    checkIndexContent(index, content)
    if (!lag.indexes) registerIndex(store, invocation, index, indexLink)
    // The claim is stored by CID, as the real service stores it: the same claim again is no new
    // side effect, so the ledger records it once.
    if (!recordOnce(ledger, invocation.cid.toString())) return { ok: {} }
    ledger.record('index-registered', {
      root:
        'digest' in content
          ? base58btc.encode(content.digest)
          : content.toString(),
      index: indexLink.toString(),
      space: capability.with === signer.did() ? '' : capability.with,
    })
    return { ok: {} }
  }
}

type ClaimCacheInput = Server.ProviderInput<
  Server.InferInvokedCapability<typeof ClaimCapabilities.cache>
>

function claimCache({ store, ledger }: UcanServerDeps) {
  return async ({ capability, invocation }: ClaimCacheInput) => {
    // Like the real service, `with` is not looked at: the validator has already required the
    // indexer's delegation, or a self-issued invocation (what storage nodes send).
    const issuer = invocation.issuer.did()
    if (!issuer.startsWith(ED25519_DID_KEY))
      return { error: new InvalidProvider(issuer) }
    const claim = attachedClaim(invocation, capability.nb.claim)
    if (!claim) return { error: new MissingClaim() }
    const can = claim.capabilities[0]?.can ?? ''
    if (can !== Assert.location.can)
      return { error: new UnrecognizedClaim(can) }
    const cached = await cacheLocation(
      store,
      claim,
      capability.nb.provider.addresses
    )
    if (!recordOnce(ledger, cached.claim)) return { ok: {} }
    ledger.record('claim-cached', {
      claim: cached.claim,
      content: base58btc.encode(cached.content.bytes),
      space: cached.space,
      issuer,
    })
    return { ok: {} }
  }
}

/** The claim the invocation names, when its blocks travelled with the invocation. */
function attachedClaim(
  invocation: DelegationView,
  root: UnknownLink
): DelegationView | undefined {
  const { blocks } = invocation
  if (!blocks.has(root.toString())) return undefined
  return Delegation.view({ root: root as UCANLink, blocks })
}

const recorded = new WeakMap<Ledger, Set<string>>()

/** True the first time a claim CID is seen for this ledger. */
function recordOnce(ledger: Ledger, cid: string): boolean {
  const seen = recorded.get(ledger) ?? new Set<string>()
  recorded.set(ledger, seen)
  if (seen.has(cid)) return false
  seen.add(cid)
  return true
}
