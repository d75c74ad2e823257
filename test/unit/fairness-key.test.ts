import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fairnessKeyOf } from '../../src/workflows/fairness.js'

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

describe('fairnessKeyOf', () => {
  it('is the customer’s DID while it fits Temporal’s 64 bytes', () => {
    assert.equal(
      fairnessKeyOf('did:mailto:example.com:alice'),
      'did:mailto:example.com:alice'
    )
    const exactly = `did:mailto:${'a'.repeat(51)}:b`
    assert.equal(bytes(exactly), 64)
    assert.equal(fairnessKeyOf(exactly), exactly)
  })

  it('shortens a longer or non-ASCII DID to a prefix and its 64-bit FNV-1a hash, distinct per DID', () => {
    const long = `did:mailto:${'x'.repeat(80)}.com:bob`
    // FNV-1a 64 of the DID, computed independently.
    assert.equal(
      fairnessKeyOf(long),
      'did:mailto:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx#b405ae52717d88b6'
    )
    assert.equal(bytes(fairnessKeyOf(long)), 64)
    assert.notEqual(fairnessKeyOf(long), fairnessKeyOf(`${long}2`))
    const accented = fairnessKeyOf('did:mailto:exämple.com:a')
    assert.match(accented, /^did:mailto:ex_mple\.com:a#[0-9a-f]{16}$/)
    assert.ok(bytes(accented) <= 64)
  })
})
