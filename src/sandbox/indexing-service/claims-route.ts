import type { IncomingMessage, ServerResponse } from 'node:http'
import { gzipSync } from 'node:zlib'
import * as DID from '@ipld/dag-ucan/did'
import type { MultihashDigest } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { bases } from 'multiformats/basics'
import * as Digest from 'multiformats/hashes/digest'
import { QUERY_KINDS, type QueryKind } from './api.js'
import { InvalidQuery } from './errors.js'
import { type Query, type QueryDeps, QueryFailed, runQuery } from './query.js'

/**
 * `GET /claims` as the real service answers it: 400 on bad input, 500 on query failure (and for
 * a query naming one of the `failing` multihashes).
 */
export async function serveQuery(
  deps: QueryDeps & { failing: Map<string, number> },
  req: IncomingMessage,
  res: ServerResponse,
  url: URL
): Promise<void> {
  let query: Query
  try {
    query = parseQuery(url.searchParams)
  } catch (err) {
    if (!(err instanceof InvalidQuery)) throw err
    res.writeHead(400, { 'content-type': 'text/plain' }).end(err.message)
    return
  }
  let body: Uint8Array
  try {
    const failing = query.hashes
      .map((hash) => base58btc.encode(hash.bytes))
      .find((hash) => deps.failing.has(hash))
    if (failing) {
      deps.failing.set(failing, (deps.failing.get(failing) ?? 0) + 1)
      throw new QueryFailed(`${failing}: sandbox fault`)
    }
    body = await runQuery(deps, query)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    res.writeHead(500, { 'content-type': 'text/plain' })
    res.end(`processing query: ${message}`)
    return
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
  res.writeHead(200, {
    'content-type': 'application/vnd.ipld.car',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  })
  res.end(gzip ? gzipSync(body) : body)
}

export function parseQuery(params: URLSearchParams): Query {
  const types = params.getAll('type')
  if (types.length > 1) throw new InvalidQuery('only one type may be specified')
  const kind = types[0] ?? 'standard'
  if (!isKind(kind)) throw new InvalidQuery(`invalid query type: ${kind}`)
  const hashes = params.getAll('multihash').map(parseMultihash)
  if (hashes.length === 0) throw new InvalidQuery('missing digests')
  const spaces = params.getAll('spaces').map(parseSpace)
  return { hashes, spaces, kind }
}

/** Any multibase, as the real service accepts. */
function decodeMultibase(value: string): Uint8Array {
  const base = Object.values(bases).find((b) => value.startsWith(b.prefix))
  if (!base) throw new InvalidQuery(`unknown multibase: ${value}`)
  return base.decoder.decode(value)
}

const isKind = (value: string): value is QueryKind =>
  (QUERY_KINDS as readonly string[]).includes(value)

function parseMultihash(value: string): MultihashDigest {
  try {
    return Digest.decode(decodeMultibase(value))
  } catch {
    throw new InvalidQuery(`invalid multihash: ${value}`)
  }
}

function parseSpace(value: string): string {
  try {
    DID.parse(value as `did:${string}`)
    return value
  } catch {
    throw new InvalidQuery(`invalid space DID: ${value}`)
  }
}
