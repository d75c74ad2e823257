import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { project } from '../../scripts/bench/projection.js'

const measured = {
  requestsPerUpload: { indexer: 2, 'upload service': 3 },
  actionsPerUpload: 0.05,
  hosts: 5,
  coresPerHost: 2,
  uploads: 36_000_000,
}

describe('project', () => {
  it('takes a host as its processes at the measured rate when its cores allow it', () => {
    const p = project({
      ...measured,
      uploadsPerSecondPerProcess: 40,
      cpuMsPerUpload: 20,
    })
    assert.equal(p.bound, 'latency and in-flight')
    assert.equal(p.uploadsPerSecondPerHost, 80)
    assert.equal(p.uploadsPerSecond, 400)
    assert.equal(p.hours, 25)
    assert.deepEqual(p.requestsPerSecond, {
      indexer: 800,
      'upload service': 1200,
    })
    assert.equal(p.actions, 1_800_000)
  })

  it('caps a host at what its cores do when CPU is the limit', () => {
    const p = project({
      ...measured,
      uploadsPerSecondPerProcess: 40,
      cpuMsPerUpload: 40,
    })
    assert.equal(p.bound, 'CPU')
    assert.equal(p.uploadsPerSecondPerHost, 50)
    assert.equal(p.hours, 40)
  })
})
