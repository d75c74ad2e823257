import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import type {
  MigrationFailuresTable,
  NewUploadFailure,
  UploadFailure,
} from '../../src/services/dynamo/migration-failures-table.js'

/** What the page activity and retry use of the failures table. */
export type FailuresPort = Pick<
  MigrationFailuresTable,
  | 'record'
  | 'clear'
  | 'rootsPage'
  | 'rootsBetween'
  | 'bySpace'
  | 'failedSpacesPage'
>

const failure = (
  space: string,
  root: string,
  fields: Partial<NewUploadFailure> = {}
): NewUploadFailure => ({
  space,
  root,
  customer: 'did:mailto:test:customer',
  instanceId: 'instance-1',
  step: 'index',
  reason: 'SHARD_NOT_FOUND',
  error: 'shard not found',
  ...fields,
})

const allOf = async (pages: AsyncIterable<UploadFailure[]>) => {
  const all: UploadFailure[] = []
  for await (const page of pages) all.push(...page)
  return all
}

/** Every root of a space, following the cursor page by page; `between` runs after each page. */
const allRoots = async (
  table: FailuresPort,
  space: string,
  limit: number,
  between: (roots: string[]) => Promise<void> = async () => {}
) => {
  const roots: string[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await table.rootsPage(space, { cursor, limit })
    assert.ok(page.items.length <= limit)
    assert.ok(page.cursor === undefined || typeof page.cursor === 'string')
    roots.push(...page.items)
    await between(page.items)
    cursor = page.cursor
    assert.ok(++pages <= 100, 'the cursor never ends')
  } while (cursor)
  return roots
}

/** What every failures table must do; run against DynamoDB and the in-memory fake. */
export const failuresTableContract: Record<
  string,
  (table: FailuresPort) => Promise<void>
> = {
  'records a failure with one attempt and the time it failed': async (
    table
  ) => {
    const before = new Date().toISOString()
    const recorded = await table.record(failure('did:key:zRec', 'bafyRoot'))
    assert.ok(recorded.failedAt >= before)
    assert.deepEqual(recorded, {
      ...failure('did:key:zRec', 'bafyRoot'),
      attempts: 1,
      failedAt: recorded.failedAt,
    })
    assert.deepEqual(await allOf(table.bySpace('did:key:zRec')), [recorded])
  },
  'keeps the worker that recorded it (`worker --worker-id`)': async (table) => {
    const recorded = await table.record(
      failure('did:key:zWorker', 'bafyRoot', { workerId: 'host-a' })
    )
    assert.equal(recorded.workerId, 'host-a')
    const [row] = await allOf(table.bySpace('did:key:zWorker'))
    assert.equal(row?.workerId, 'host-a')
  },
  'a second record of the same upload counts up and keeps one row': async (
    table
  ) => {
    await table.record(failure('did:key:zAgain', 'bafyRoot'))
    await sleep(5)
    const beforeAgain = new Date().toISOString()
    const again = await table.record(
      failure('did:key:zAgain', 'bafyRoot', {
        step: 'claims',
        reason: 'INDEXER_REJECTED',
        error: 'rejected',
      })
    )
    assert.equal(again.attempts, 2)
    assert.ok(again.failedAt >= beforeAgain, 'the time it failed is refreshed')
    assert.equal(again.step, 'claims')
    assert.equal(again.reason, 'INDEXER_REJECTED')
    assert.equal(again.error, 'rejected')
    assert.deepEqual(await allOf(table.bySpace('did:key:zAgain')), [again])
    assert.equal(
      (await table.record(failure('did:key:zAgain', 'bafyRoot'))).attempts,
      3
    )
  },
  'a record without an instance keeps the instance recorded before': async (
    table
  ) => {
    await table.record(failure('did:key:zInst', 'bafyRoot'))
    const again = await table.record(
      failure('did:key:zInst', 'bafyRoot', { instanceId: undefined })
    )
    assert.equal(again.instanceId, 'instance-1')
  },
  'clears a failure, and clearing an absent one is no error': async (table) => {
    await table.record(failure('did:key:zClear', 'bafyA'))
    await table.record(failure('did:key:zClear', 'bafyB'))
    await table.clear('did:key:zClear', 'bafyA')
    await table.clear('did:key:zClear', 'bafyAbsent')
    assert.deepEqual(
      (await allOf(table.bySpace('did:key:zClear'))).map((f) => f.root),
      ['bafyB']
    )
    const again = await table.record(failure('did:key:zClear', 'bafyA'))
    assert.equal(again.attempts, 1, 'a cleared failure starts counting anew')
  },
  'answers no failures of a space without any': async (table) => {
    assert.deepEqual(await allOf(table.bySpace('did:key:zNone')), [])
    assert.deepEqual(await allRoots(table, 'did:key:zNone', 3), [])
  },
  'pages the roots of one space in root order, never mixing spaces': async (
    table
  ) => {
    const roots = ['bafyE', 'bafyA', 'bafyC', 'bafyB', 'bafyD']
    for (const root of roots) await table.record(failure('did:key:zPage', root))
    await table.record(failure('did:key:zPagf', 'bafyA'))
    await table.record(failure('did:key:zPag', 'bafyZ'))
    const sorted = [...roots].sort()
    assert.deepEqual(await allRoots(table, 'did:key:zPage', 2), sorted)
    assert.deepEqual(await allRoots(table, 'did:key:zPage', 5), sorted)
    assert.deepEqual(await allRoots(table, 'did:key:zPage', 50), sorted)
    const first = await table.rootsPage('did:key:zPage', { limit: 2 })
    assert.deepEqual(first.items, ['bafyA', 'bafyB'])
    assert.ok(first.cursor)
    const second = await table.rootsPage('did:key:zPage', {
      cursor: first.cursor,
      limit: 2,
    })
    assert.deepEqual(second.items, ['bafyC', 'bafyD'])
  },
  'names the roots with failures in a range of a space, ends included': async (
    table
  ) => {
    for (const root of ['bafyA', 'bafyC', 'bafyE', 'bafyG'])
      await table.record(failure('did:key:zRange', root))
    await table.record(failure('did:key:zRangf', 'bafyD'))
    assert.deepEqual(
      [
        ...(await table.rootsBetween('did:key:zRange', 'bafyC', 'bafyE')),
      ].sort(),
      ['bafyC', 'bafyE']
    )
    assert.deepEqual(
      [...(await table.rootsBetween('did:key:zRange', 'bafyB', 'bafyD'))],
      ['bafyC']
    )
    assert.equal(
      (await table.rootsBetween('did:key:zRange', 'bafyH', 'bafyZ')).size,
      0
    )
  },
  'a cursor still continues after the roots of its page are cleared': async (
    table
  ) => {
    const roots = ['bafy1', 'bafy2', 'bafy3', 'bafy4', 'bafy5']
    for (const root of roots)
      await table.record(failure('did:key:zRetry', root))
    const seen = await allRoots(table, 'did:key:zRetry', 2, async (page) => {
      for (const root of page) await table.clear('did:key:zRetry', root)
    })
    assert.deepEqual(seen, roots)
    assert.deepEqual(await allOf(table.bySpace('did:key:zRetry')), [])
  },
  'lists every failure of a space, in root order': async (table) => {
    const roots = Array.from({ length: 30 }, (_, i) => `bafy${100 + i}`)
    for (const root of roots) await table.record(failure('did:key:zMany', root))
    const all = await allOf(table.bySpace('did:key:zMany'))
    assert.deepEqual(
      all.map((f) => f.root),
      roots
    )
    assert.ok(
      all.every((f) => f.attempts === 1 && f.reason === 'SHARD_NOT_FOUND')
    )
  },
  'pages the failed spaces of a customer once each, in space order, whatever their failures':
    async (table) => {
      const customer = 'did:mailto:test:failed-spaces'
      const spaces = [
        'did:key:zF1',
        'did:key:zF2',
        'did:key:zF3',
        'did:key:zF4',
      ]
      for (const [i, space] of spaces.entries())
        for (let n = 0; n <= i * 3; n++)
          await table.record(failure(space, `bafy${n}`, { customer }))
      await table.record(failure('did:key:zF0', 'bafyOther'))
      const seen: string[] = []
      let after: string | undefined
      let pages = 0
      do {
        const page = await table.failedSpacesPage(customer, { after, limit: 3 })
        assert.ok(page.items.length <= 3)
        seen.push(...page.items)
        after = page.cursor
        assert.ok(++pages <= 10, 'the cursor never ends')
      } while (after)
      assert.deepEqual(seen, spaces)
      assert.deepEqual(
        await table.failedSpacesPage('did:mailto:test:none', { limit: 3 }),
        { items: [], cursor: undefined }
      )
    },
}
