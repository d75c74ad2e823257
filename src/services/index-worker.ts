import * as dagJson from '@ipld/dag-json'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  PermanentError,
  ShardNotFound,
  TransientError,
} from '../failures/index.js'
import type {
  IndexedBlock,
  IndexWorkerPort,
  ShardProtocol,
} from '../migration/ports.js'
import { blobKey, carKey } from './carpark-keys.js'
import { fetchWithTimeout } from './http/fetch-with-timeout.js'

export interface IndexWorkerOptions {
  url: string
  /** Per request. */
  timeoutMs?: number
  /** Failed requests in a row (no block read) before giving up. */
  maxAttempts?: number
  baseDelayMs?: number
  fetch?: typeof globalThis.fetch
}

/** The worker answered, but not with what it should (bad lines, no progress). */
export class IndexWorkerProtocolError extends PermanentError {
  override name = 'IndexWorkerProtocolError'
  constructor(message: string) {
    super('index', message)
  }
}

/** The worker kept failing; `status` of the last answer when there was one. */
export class IndexWorkerUnavailable extends TransientError {
  override name = 'IndexWorkerUnavailable'
  constructor(
    message: string,
    readonly status?: number,
    retryAfterMs?: number,
    options?: { cause?: unknown }
  ) {
    super('index', message, { ...options, retryAfterMs })
  }
}

/**
 * The index worker (`GET /index/<key>?offset=N`, NDJSON): the only place that classifies its
 * failures. A shard in no carpark key is `ShardNotFound`; bad answers are permanent; anything
 * else, after bounded retries with backoff, is transient.
 */
export function createIndexWorker(
  options: IndexWorkerOptions
): IndexWorkerPort {
  return {
    indexShard: (shard, onBlock) =>
      indexShardBlocks(options, shard.cid, shard.size, onBlock, shard.protocol),
  }
}

/**
 * The carpark keys a shard may be stored under, the original's four, with the key its protocol
 * names first: a blob-protocol shard is then found with one probe instead of four.
 */
export function candidateKeys(
  shard: string,
  protocol: ShardProtocol = 'store'
): string[] {
  const multihash = base58btc.encode(CID.parse(shard).multihash.bytes)
  const keys = [
    carKey(shard),
    `${shard}/${shard}.blob`,
    `${multihash}/${multihash}.car`,
    blobKey(multihash),
  ]
  return protocol === 'blob' ? [blobKey(multihash), ...keys.slice(0, 3)] : keys
}

/**
 * Reads every block of a shard through the index worker, resuming by offset after a response
 * that ended early or failed, with a timeout per request and bounded retries with backoff.
 * Lines are handed to `onBlock` as they stream in: nothing holds the whole listing.
 */
export async function indexShardBlocks(
  options: IndexWorkerOptions,
  shard: string,
  size: number,
  onBlock: (block: IndexedBlock) => void,
  protocol: ShardProtocol = 'store'
): Promise<{ atProtocolKey: boolean }> {
  // The key the protocol names is read at once; the others are probed only when it is missing.
  const [own, ...others] = candidateKeys(shard, protocol)
  let key = own!
  const cursor = { offset: 0 }
  let failures = 0
  while (cursor.offset < size) {
    const before = cursor.offset
    try {
      if ((await readFrom(options, key, cursor, onBlock)) === 'missing') {
        if (key !== own)
          throw new IndexWorkerUnavailable(`${key} vanished while indexing`)
        key = await findKey(options, shard, protocol, others)
        continue
      }
      if (cursor.offset === before) {
        throw new IndexWorkerProtocolError(
          `no block after offset ${before} of ${size} in ${key}`
        )
      }
      failures = 0
    } catch (err) {
      if (
        err instanceof IndexWorkerProtocolError ||
        err instanceof ShardNotFound
      )
        throw err
      failures = cursor.offset > before ? 0 : failures + 1
      if (failures >= (options.maxAttempts ?? 5)) throw asUnavailable(err, key)
      await sleep(backoff(options, Math.max(1, failures), err))
    }
  }
  return { atProtocolKey: key === own }
}

async function findKey(
  options: IndexWorkerOptions,
  shard: string,
  protocol: ShardProtocol,
  keys: readonly string[]
): Promise<string> {
  for (const key of keys) {
    const res = await withRetries(options, () =>
      fetchWithTimeout(
        `${options.url}/index/${key}?offset=0`,
        { method: 'HEAD' },
        options
      )
    )
    if (res.ok) return key
  }
  throw new ShardNotFound(
    'index',
    `shard ${shard} is not in the carpark under any of ${candidateKeys(shard, protocol).join(', ')}`
  )
}

/**
 * One request from `cursor.offset`, moving the cursor past each whole block as it arrives;
 * `missing` when there is no object under the key.
 */
async function readFrom(
  options: IndexWorkerOptions,
  key: string,
  cursor: { offset: number },
  onBlock: (block: IndexedBlock) => void
): Promise<'missing' | undefined> {
  const res = await fetchWithTimeout(
    `${options.url}/index/${key}?offset=${cursor.offset}`,
    {},
    options
  )
  if (res.status === 404 && cursor.offset === 0) {
    await res.body?.cancel()
    return 'missing'
  }
  if (!res.ok || !res.body) throw unavailable(res, key)
  let pending = ''
  const decoder = new TextDecoder()
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true })
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      if (line.trim() === '') continue
      const block = parseLine(line)
      if (block.offset < cursor.offset) {
        throw new IndexWorkerProtocolError(
          `block at ${block.offset} goes back before ${cursor.offset} in ${key}`
        )
      }
      onBlock(block)
      cursor.offset = block.offset + block.length
    }
  }
  return undefined
}

function parseLine(line: string): IndexedBlock {
  try {
    const [multihash, [offset, length]] = dagJson.decode<
      [Uint8Array, [number, number]]
    >(new TextEncoder().encode(line))
    if (
      !(multihash instanceof Uint8Array) ||
      !Number.isSafeInteger(offset) ||
      !Number.isSafeInteger(length)
    )
      throw new Error()
    return { multihash, offset, length }
  } catch {
    throw new IndexWorkerProtocolError(
      `not an index line: ${line.slice(0, 120)}`
    )
  }
}

async function withRetries(
  options: IndexWorkerOptions,
  request: () => Promise<Response>
): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await request()
      if (res.status === 408 || res.status === 429 || res.status >= 500)
        throw unavailable(res, String(res.url))
      return res
    } catch (err) {
      if (attempt >= (options.maxAttempts ?? 5))
        throw asUnavailable(err, 'probe')
      await sleep(backoff(options, attempt, err))
    }
  }
}

function unavailable(res: Response, key: string): IndexWorkerUnavailable {
  const retryAfter = Number(res.headers.get('retry-after'))
  return new IndexWorkerUnavailable(
    `index worker answered ${res.status} for ${key}`,
    res.status,
    Number.isFinite(retryAfter) && retryAfter > 0
      ? retryAfter * 1000
      : undefined
  )
}

function asUnavailable(err: unknown, key: string): Error {
  if (
    err instanceof IndexWorkerUnavailable ||
    err instanceof IndexWorkerProtocolError
  )
    return err
  return new IndexWorkerUnavailable(
    `index worker failed for ${key}: ${err instanceof Error ? err.message : String(err)}`,
    undefined,
    undefined,
    {
      cause: err,
    }
  )
}

function backoff(
  options: IndexWorkerOptions,
  attempt: number,
  err: unknown
): number {
  const hinted =
    err instanceof IndexWorkerUnavailable ? err.retryAfterMs : undefined
  return hinted ?? (options.baseDelayMs ?? 200) * 2 ** Math.max(0, attempt - 1)
}
