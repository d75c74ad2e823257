import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ServiceRejected,
  ServiceUnavailable,
  TransientError,
} from '../../src/failures/index.js'
import { CircuitBreaker, guarded } from '../../src/workers/circuit-breaker.js'

const options = (clock: { now: number }) => ({
  windowMs: 60_000,
  minCalls: 4,
  failureRatio: 0.5,
  openMs: 30_000,
  now: () => clock.now,
})
const fail = (err: Error) => () => Promise.reject(err)
const ok = () => Promise.resolve('ok')

describe('a service’s circuit breaker', () => {
  it('fails fast once open, saying why, and lets a refusal through unchanged', async () => {
    const clock = { now: 0 }
    const breaker = new CircuitBreaker('upload-service', options(clock))
    const refusal = new ServiceUnavailable('index', 'writes are disabled')
    await assert.rejects(breaker.run(fail(refusal)), (err) => err === refusal)
    for (let i = 0; i < 3; i++)
      await breaker
        .run(fail(new TransientError('index', 'HTTP 503')))
        .catch(() => undefined)
    let calls = 0
    const counted = () => (calls++, ok())
    await assert.rejects(breaker.run(counted), (err: Error) => {
      assert.ok(err instanceof ServiceUnavailable)
      assert.match(
        err.message,
        /upload-service is refusing the migration: 4 of/
      )
      return true
    })
    assert.equal(calls, 0)
  })

  it('opens when most calls in the window fail, not on a few', async () => {
    const clock = { now: 0 }
    const breaker = new CircuitBreaker('indexer', options(clock))
    const transient = new TransientError('check', 'HTTP 500')
    for (const call of [ok, ok, ok, fail(transient)])
      await breaker.run(call).catch(() => undefined)
    assert.equal(breaker.openBecause, undefined, '1 of 4 failing')
    for (let i = 0; i < 3; i++)
      await breaker.run(fail(transient)).catch(() => undefined)
    assert.match(breaker.openBecause ?? '', /3 of its last 6 calls failed/)
  })

  it('counts a refusal of one request as the service working', async () => {
    const clock = { now: 0 }
    const breaker = new CircuitBreaker('gateway', options(clock))
    for (let i = 0; i < 8; i++)
      await breaker
        .run(fail(new ServiceRejected('gateway', 'Unauthorized')))
        .catch(() => undefined)
    assert.equal(breaker.openBecause, undefined)
  })

  it('lets a probe through after a while and closes when it succeeds', async () => {
    const clock = { now: 0 }
    const breaker = new CircuitBreaker('indexer', options(clock))
    for (let i = 0; i < 4; i++)
      await breaker
        .run(fail(new TransientError('check', 'HTTP 500')))
        .catch(() => undefined)
    assert.ok(breaker.openBecause)
    clock.now = 29_999
    await assert.rejects(breaker.run(ok), ServiceUnavailable)
    clock.now = 30_000
    assert.equal(await breaker.run(ok), 'ok')
    assert.equal(breaker.openBecause, undefined)
  })

  it('guards every method of a port, class or object alike', async () => {
    const breaker = new CircuitBreaker('carpark', options({ now: 0 }))
    class Store {
      readonly prefix = 'p:'
      async get(key: string) {
        return this.prefix + key
      }
    }
    const store = guarded(new Store(), breaker)
    assert.equal(await store.get('k'), 'p:k')
    assert.equal(store.prefix, 'p:')
  })
})
