import * as Assert from '@storacha/capabilities/assert'
import * as ClaimCapabilities from '@storacha/capabilities/claim'
import * as QueryResult from '@storacha/indexing-service-client/query-result'
import { connect } from '@ucanto/client'
import type { Delegation, Principal } from '@ucanto/interface'
import * as CAR from '@ucanto/transport/car'
import * as HTTP from '@ucanto/transport/http'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import {
  type FailureReason,
  httpStatusFailure,
  MigrationError,
  networkFailure,
  receiptFailure,
  type Step,
  TransientError,
} from '../../failures/index.js'
import {
  type ClaimsAnswer,
  type ClaimsQueryOptions,
  type IndexerPort,
  MAX_HASHES_PER_QUERY,
} from '../../migration/ports.js'
import { classifiedFetch } from '../http/classified-fetch.js'
import {
  DEFAULT_INVOCATION_BATCHING,
  invocationBatcher,
  type InvocationBatcherOptions,
} from '../ucan/invocation-batcher.js'
import { toClaimsAnswer } from './claims-answer.js'
import type { IndexerUcanService } from './ucan-service.js'

/** The claims query's path, as the indexing service client sends it. */
const CLAIMS_PATH = '/claims'

export interface IndexerOptions {
  url: string
  did: string
  /** `claim/cache` delegated by the indexer to the upload service's did:key. */
  proof?: Delegation
  /** Per request. */
  timeoutMs: number
  fetch?: typeof globalThis.fetch
  /** How the invocations of concurrent callers share requests. */
  batching?: InvocationBatcherOptions
}

/**
 * The indexing service: its claims query over HTTP and its UCAN methods, with one client and one
 * connection for the worker's life. The only place that classifies the indexer's failures: an
 * unanswered query is always transient (it proves nothing, and the original rebuilt indexes that
 * existed by reading an error as "none"); a refused invocation is permanent unless the indexer
 * says it was its own trouble.
 */
export function createIndexer(options: IndexerOptions): IndexerPort {
  const audience: Principal = {
    did: () => options.did as `did:${string}:${string}`,
  }
  const http = (step: Step, serverErrorReason?: FailureReason) =>
    classifiedFetch({
      step,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
      serverErrorReason,
    })
  // A claims query the indexer keeps failing with 5xx is the original's INDEXING_SERVICE_500.
  const query = claimsQuery(options.url, http('check', 'INDEXING_SERVICE_500'))
  const ucan = (step: Step) =>
    connect<IndexerUcanService>({
      id: audience,
      codec: CAR.outbound,
      channel: HTTP.open<IndexerUcanService>({
        url: new URL(options.url),
        method: 'POST',
        fetch: http(step),
      }),
    })
  const batching = options.batching ?? DEFAULT_INVOCATION_BATCHING
  const connections = {
    index: invocationBatcher(ucan('index'), batching),
    claims: invocationBatcher(ucan('claims'), batching),
  }
  return {
    query,
    async assertIndex({ space, root, index }) {
      const invocation = Assert.index.invoke({
        issuer: space,
        audience,
        with: space.did(),
        nb: { content: CID.parse(root), index: CID.parse(index).toV1() },
        // No expiry and no nonce: a retried or concurrent registration is the same claim.
        expiration: Infinity,
      })
      const [receipt] = await send('index', `assert/index of ${index}`, () =>
        connections.index.execute([invocation])
      )
      if (receipt!.out.error)
        throw receiptFailure(
          'index',
          `assert/index of ${index}`,
          receipt!.out.error
        )
    },
    async cacheClaims(claims) {
      const { proof } = options
      if (!proof)
        throw new Error(
          'the indexer port was built without a claim/cache proof'
        )
      if (claims.length === 0) return
      const what = `claim/cache of ${claims.length} claims (${claims[0]!.claim.cid}…)`
      const invocations = claims.map(({ issuer, claim, addresses }) =>
        ClaimCapabilities.cache.invoke({
          issuer,
          audience,
          with: audience.did(),
          nb: { claim: claim.cid, provider: { addresses } },
          // The claim travels as a proof so that its blocks are in the invocation's payload.
          proofs: [proof, claim],
        })
      )
      const receipts = await send('claims', what, () =>
        connections.claims.execute(invocations)
      )
      for (const [i, receipt] of receipts.entries())
        if (receipt.out.error)
          throw receiptFailure(
            'claims',
            `claim/cache of ${claims[i]!.claim.cid}`,
            receipt.out.error
          )
    },
  }
}

/**
 * `GET /claims` as the indexing service client sends it, decoded with the client's own
 * `QueryResult`, but through the classified fetch: the client would turn every failure into an
 * opaque NetworkError and lose the status and Retry-After.
 */
function claimsQuery(
  serviceUrl: string,
  fetch: typeof globalThis.fetch
): IndexerPort['query'] {
  return async (
    hashes,
    { kind = 'standard', spaces = [] }: ClaimsQueryOptions = {}
  ) => {
    if (hashes.length === 0 || hashes.length > MAX_HASHES_PER_QUERY)
      throw new RangeError(
        `a claims query takes 1 to ${MAX_HASHES_PER_QUERY} multihashes, got ${hashes.length}`
      )
    const url = new URL(CLAIMS_PATH, serviceUrl)
    for (const hash of hashes)
      url.searchParams.append('multihash', base58btc.encode(hash.bytes))
    for (const space of spaces) url.searchParams.append('spaces', space)
    url.searchParams.append('type', kind)
    const what = `GET ${url.pathname}`
    const response = await fetch(url, {
      headers: { 'Accept-Encoding': 'gzip' },
    })
    if (!response.ok) {
      await response.body?.cancel()
      throw httpStatusFailure('check', what, response.status)
    }
    const bytes = await readBody('check', what, response)
    const result = await QueryResult.extract(bytes)
    if (result.error)
      throw new TransientError(
        'check',
        `${what}: undecodable answer: ${result.error.message}`,
        { cause: result.error }
      )
    return toClaimsAnswer(result.ok)
  }
}

async function readBody(step: Step, what: string, response: Response) {
  try {
    return new Uint8Array(await response.arrayBuffer())
  } catch (err) {
    throw networkFailure(step, what, err)
  }
}

/** A thrown invocation (no receipt at all) is the network's or the service's trouble. */
async function send<T>(
  step: Step,
  what: string,
  call: () => PromiseLike<T> | T
): Promise<T> {
  try {
    return await call()
  } catch (err) {
    if (err instanceof MigrationError) throw err
    throw networkFailure(step, what, err)
  }
}

export type { ClaimsAnswer }
