import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, describe, it } from 'node:test'
import { delegate } from '@ucanto/core'
import { ed25519 } from '@ucanto/principal'
import { base64 } from 'multiformats/bases/base64'
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { sha256 } from 'multiformats/hashes/sha2'
import { loadConfig } from '../../src/config/index.js'
import { TransientError } from '../../src/failures/index.js'
import { classifiedFetch } from '../../src/services/http/classified-fetch.js'
import { createHttpPool } from '../../src/services/http/http-pool.js'
import { createDeps } from '../../src/workers/deps.js'

/** A local server that counts the TCP connections and requests it gets. */
async function countingServer(
  answer: (req: IncomingMessage) => number | 'hang' = () => 200
) {
  const seen = { connections: 0, requests: 0, inFlight: 0, maxInFlight: 0 }
  const server: Server = createServer((req, res) => {
    seen.requests++
    seen.inFlight++
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight)
    res.on('close', () => seen.inFlight--)
    req.resume()
    const status = answer(req)
    if (status !== 'hang') res.writeHead(status).end()
  })
  server.on('connection', () => seen.connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  after(() => {
    server.closeAllConnections()
    server.close()
  })
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, seen }
}

/** `count` calls, `parallel` at a time. */
async function inWaves(
  count: number,
  parallel: number,
  call: (i: number) => Promise<unknown>
) {
  for (let i = 0; i < count; i += parallel)
    await Promise.all(
      Array.from({ length: Math.min(parallel, count - i) }, (_, j) =>
        call(i + j)
      )
    )
}

/** A worker configuration whose every HTTP service is `url`. */
async function configFor(url: string) {
  const indexer = await ed25519.generate()
  const uploadService = await ed25519.generate()
  const proof = await delegate({
    issuer: indexer,
    audience: uploadService,
    capabilities: [{ can: 'claim/cache', with: indexer.did() }],
  })
  const car = await proof.archive()
  if (car.error) throw car.error
  return loadConfig(
    {
      STORACHA_ENV: 'staging',
      INDEXING_SERVICE_URL: url,
      INDEX_WORKER_URL: url,
      CARPARK_PUBLIC_URL: url,
      UPLOAD_SERVICE_URL: url,
      GATEWAY_SERVICE_URL: url,
      UPLOAD_SERVICE_PRIVATE_KEY: ed25519.format(uploadService),
      GATEWAY_PRIVATE_KEY: ed25519.format(await ed25519.generate()),
      MIGRATION_AGENT_PRIVATE_KEY: ed25519.format(await ed25519.generate()),
      INDEXING_SERVICE_PROOF: CID.create(
        1,
        0x0202,
        identity.digest(car.ok)
      ).toString(base64),
      MIGRATION_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    },
    ['dynamo', 'services', 'publishing', 'signing']
  )
}

describe('the worker’s pooled keep-alive connections', () => {
  it('sends requests one after another over the same connections', async () => {
    const server = await countingServer()
    const pool = createHttpPool({ connectionsPerOrigin: 8, timeoutMs: 5_000 })
    for (let i = 0; i < 50; i++) {
      const response = await pool.fetch(`${server.url}/n/${i}`)
      await response.arrayBuffer()
      assert.equal(response.status, 200)
    }
    await pool.close()
    assert.equal(server.seen.requests, 50)
    // The pool may open a second one while the first is finishing its previous answer.
    assert.ok(server.seen.connections <= 2, `${server.seen.connections}`)
  })

  it('holds concurrent requests to one origin to its connection limit', async () => {
    const server = await countingServer()
    const pool = createHttpPool({ connectionsPerOrigin: 3, timeoutMs: 5_000 })
    await inWaves(120, 12, async (i) => {
      const response = await pool.fetch(`${server.url}/n/${i}`, {
        method: 'HEAD',
      })
      await response.body?.cancel()
    })
    await pool.close()
    assert.equal(server.seen.requests, 120)
    assert.ok(server.seen.connections <= 3, `${server.seen.connections}`)
    assert.ok(server.seen.maxInFlight <= 3, `${server.seen.maxInFlight}`)
  })

  it('keeps the per-request timeout of the clients', async () => {
    const server = await countingServer(() => 'hang')
    const pool = createHttpPool({ connectionsPerOrigin: 2, timeoutMs: 200 })
    const fetch = classifiedFetch({
      step: 'check',
      timeoutMs: 200,
      fetch: pool.fetch,
    })
    await assert.rejects(
      fetch(`${server.url}/claims`),
      (err: unknown) =>
        err instanceof TransientError &&
        /timed out after 200 ms/.test(err.message)
    )
    await pool.close()
  })

  it('carries every port the composition root builds, HEADs and claims queries alike', async () => {
    const server = await countingServer((req) =>
      req.url?.startsWith('/claims') ? 404 : 200
    )
    const deps = await createDeps(await configFor(server.url), {
      timeoutMs: 5_000,
      connectionsPerOrigin: 4,
    })
    const ports = deps.uploadPorts('did:mailto:example.com:alice')
    const digest = await sha256.digest(new Uint8Array([1, 2, 3]))
    await inWaves(200, 16, async (i) => {
      if (i % 2 === 0)
        assert.equal(
          await ports.claims.carpark.exists(`${server.url}/${i}`),
          true
        )
      else await assert.rejects(ports.indexer.query([digest]), /404/)
    })
    await deps.close()
    assert.equal(server.seen.requests, 200)
    assert.ok(
      server.seen.connections <= 4,
      `${server.seen.connections} connections for 200 requests`
    )
  })
})
