import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Faults } from '../../src/sandbox/faults.js'

/** A fixed sequence instead of Math.random, so each decision is known. */
const sequence = (...values: number[]) => {
  let i = 0
  return () => values[i++ % values.length] ?? 0
}

describe('fault injection', () => {
  it('does nothing by default', () => {
    assert.deepEqual(new Faults().decide(), {
      delayMs: 0,
      retryAfterSeconds: 1,
    })
  })

  it('adds fixed latency, or latency drawn between bounds', () => {
    const faults = new Faults(sequence(0.5))
    faults.set({ latencyMs: 40 })
    assert.equal(faults.decide().delayMs, 40)
    faults.set({ latencyMs: { min: 100, max: 300 } })
    assert.equal(faults.decide().delayMs, 200)
  })

  it('applies each rate as a probability, hang before reset before 429 before 503', () => {
    const faults = new Faults(sequence(0.9, 0.9, 0.1))
    faults.set({
      hangRate: 0.5,
      resetRate: 0.5,
      rateLimitRate: 0.5,
      retryAfterSeconds: 7,
    })
    assert.deepEqual(faults.decide(), {
      delayMs: 0,
      retryAfterSeconds: 7,
      fault: 'rate-limit',
    })
    faults.set({ errorRate: 0 })
    assert.equal(faults.decide().fault, undefined)
  })

  it('serves queued faults first, in order, then clears', () => {
    const faults = new Faults(sequence(0.99))
    faults.next('reset')
    faults.next('error', 2)
    assert.deepEqual(
      [1, 2, 3, 4].map(() => faults.decide().fault),
      ['reset', 'error', 'error', undefined]
    )
    faults.set({ errorRate: 1 })
    faults.next('hang')
    faults.clear()
    assert.equal(faults.decide().fault, undefined)
  })
})
