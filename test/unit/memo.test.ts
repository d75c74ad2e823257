import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { migrationMemo } from '../../src/workflows/memo.js'
import { DEFAULT_TUNING } from '../../src/workflows/types.js'

const run = { env: 'production', mode: 'full' as const, tuning: DEFAULT_TUNING }

describe('migrationMemo', () => {
  it("an instance's: its scope, where its customers come from and how many a list names", () => {
    const { migration } = migrationMemo({
      ...run,
      instanceId: '3',
      source: { kind: 'list', customers: ['a', 'b'] },
      failureBudget: { maxFailures: 10 },
    })
    assert.deepEqual(migration, {
      scope: { kind: 'instance', env: 'production', instanceId: '3' },
      plan: {
        mode: 'full',
        source: 'list',
        customers: 2,
        failureBudget: { maxFailures: 10 },
        tuning: DEFAULT_TUNING,
      },
    })
  })

  it("a space's, for one upload of a retry of failures, with nothing undefined in it", () => {
    const { migration } = migrationMemo({
      ...run,
      customer: 'did:mailto:c',
      space: 'did:key:s',
      root: 'bafy',
      onlyFailed: true,
      limit: undefined,
    })
    assert.deepEqual(migration.scope, {
      kind: 'space',
      env: 'production',
      customer: 'did:mailto:c',
      space: 'did:key:s',
      root: 'bafy',
    })
    assert.deepEqual(Object.keys(migration.plan), [
      'mode',
      'onlyFailed',
      'tuning',
    ])
  })
})
