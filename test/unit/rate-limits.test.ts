import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RateLimiter } from '../../src/workers/rate-limiter.js'
import {
  rateLimitedFetch,
  parseRateLimits,
  RateLimitError,
} from '../../src/workers/service-rate-limits.js'
import type { ServicesConfig } from '../../src/config/types.js'

describe('rate limits per outside service', () => {
  it('lets a burst of one second through, then spaces requests out', async () => {
    let clock = 0
    const limiter = new RateLimiter(2, () => clock)
    await limiter.take()
    await limiter.take()
    let third = false
    const waiting = limiter.take().then(() => (third = true))
    await new Promise((r) => setTimeout(r, 20))
    assert.equal(third, false, 'the third waits for a token')
    clock = 500
    await waiting
    assert.equal(third, true)
  })

  it('parses name=rate and refuses unknown services and bad rates', () => {
    assert.deepEqual(
      [...parseRateLimits(['indexer=50', 'index-worker=2.5'])],
      [
        ['indexer', 50],
        ['index-worker', 2.5],
      ]
    )
    assert.throws(() => parseRateLimits(['dns=5']), RateLimitError)
    assert.throws(() => parseRateLimits(['indexer=0']), RateLimitError)
    assert.throws(() => parseRateLimits(['indexer']), RateLimitError)
  })

  it('limits only the named service', async () => {
    const calls: string[] = []
    const unlimited = (async (input: string | URL | Request) => {
      calls.push(String(input))
      return new Response('ok')
    }) as typeof fetch
    const services = {
      indexer: { url: 'http://indexer.test', did: 'did:web:i' },
      indexWorkerUrl: 'http://worker.test',
      upload: { url: 'http://up.test', did: 'did:web:u' },
      gateway: { url: 'http://gw.test', did: 'did:web:g' },
      carpark: {
        blobUrl: 'http://carpark.test',
        storeUrl: 'http://carpark.test',
      },
    } as ServicesConfig
    const fetch = rateLimitedFetch(
      parseRateLimits(['indexer=1']),
      services,
      unlimited
    )
    await fetch('http://indexer.test/claims')
    const second = fetch('http://indexer.test/claims')
    await fetch('http://worker.test/index/x')
    assert.deepEqual(calls, [
      'http://indexer.test/claims',
      'http://worker.test/index/x',
    ])
    await second
    assert.equal(calls.length, 3)
  })
})
