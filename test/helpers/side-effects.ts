import assert from 'node:assert/strict'
import type { Sandbox } from '../../src/sandbox/sandbox.js'

/**
 * Nothing published twice: one index per root, one cached location claim per shard and space,
 * one blob per digest and space, each gateway delegation once. `resentIn` names the spaces
 * whose authorization a test cut off between the gateway's answer and the row: they may hold
 * identical rewrites of their delegations (the same keys and bytes), and nothing else.
 */
export function assertNoDuplicateSideEffects(
  sandbox: Sandbox,
  { resentIn = new Set<string>() }: { resentIn?: ReadonlySet<string> } = {}
): void {
  const ledger = sandbox.ledger
  assertUnique(
    ledger.find('index-registered').map((e) => e.root),
    'index registered twice for a root'
  )
  assertUnique(
    ledger.find('claim-cached').map((e) => `${e.content} in ${e.space}`),
    'location claim cached twice'
  )
  assertUnique(
    ledger.find('blob-added').map((e) => `${e.digest} in ${e.space}`),
    'blob added twice'
  )
  assertUnique(
    ledger
      .find('delegation-stored')
      .filter((e) => !(e.write === 'identical' && resentIn.has(e.space)))
      .map((e) => `${e.delegation} in ${e.space}`),
    'gateway delegation stored twice'
  )
}

function assertUnique(keys: string[], message: string) {
  const seen = new Set<string>()
  const repeated = keys.filter((k) => seen.size === seen.add(k).size)
  assert.deepEqual(repeated, [], message)
}
