import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type Tables, useTables } from '../../src/services/dynamo/index.js'
import { freshTables, testStack } from '../helpers/stack.js'

const collect = async <T>(
  pages: AsyncIterable<T[]>
): Promise<{ pages: number; items: T[] }> => {
  let count = 0
  const items: T[] = []
  for await (const page of pages) {
    count++
    items.push(...page)
  }
  return { pages: count, items }
}

const { client, names } = await freshTables(await testStack())
const tables: Tables = useTables(client, names)

describe('DynamoDB tables on DynamoDB Local', () => {
  it('pages through a space’s uploads with a cursor and counts them', async () => {
    const space = 'did:key:z6MkSpacePaging'
    for (let i = 0; i < 25; i++) {
      await tables.upload.put({
        space,
        root: `bafyroot${String(i).padStart(3, '0')}`,
        shards: i % 5 === 0 ? [] : [`bagshard${i}a`, `bagshard${i}b`],
      })
    }
    const roots: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await tables.upload.listPage(space, { cursor, limit: 10 })
      roots.push(...page.uploads.map((u) => u.root))
      cursor = page.cursor
      pages++
    } while (cursor)
    assert.equal(roots.length, 25)
    assert.equal(new Set(roots).size, 25)
    assert.ok(pages >= 3)
    assert.equal(await tables.upload.count(space), 25)
    assert.deepEqual(
      (await tables.upload.get(space, 'bafyroot000'))?.shards,
      []
    )
    assert.deepEqual((await tables.upload.get(space, 'bafyroot001'))?.shards, [
      'bagshard1a',
      'bagshard1b',
    ])
  })

  it('finds spaces by status through the status-index GSI, and stuck ones by age', async () => {
    await tables.migrationProgress.update(
      'did:mailto:a.com:x',
      'did:key:z6MkA',
      { status: 'in-progress', totalUploads: 10 }
    )
    await tables.migrationProgress.update(
      'did:mailto:a.com:x',
      'did:key:z6MkB',
      { status: 'failed', error: '{"X":1}' }
    )
    const progress = await tables.migrationProgress.update(
      'did:mailto:b.com:y',
      'did:key:z6MkC',
      { status: 'in-progress' }
    )
    assert.equal(progress.completedUploads, 0)
    assert.equal(progress.createdAt, progress.updatedAt)

    const inProgress = await collect(
      tables.migrationProgress.byStatus('in-progress')
    )
    assert.deepEqual(inProgress.items.map((p) => p.space).sort(), [
      'did:key:z6MkA',
      'did:key:z6MkC',
    ])
    const stuck = await collect(
      tables.migrationProgress.byStatus('in-progress', {
        updatedBefore: '2000-01-01T00:00:00.000Z',
      })
    )
    assert.equal(stuck.items.length, 0)

    const later = await tables.migrationProgress.update(
      'did:mailto:a.com:x',
      'did:key:z6MkA',
      { completedUploads: 4, lastProcessedUpload: 'bafyx' }
    )
    assert.equal(later.totalUploads, 10, 'an update keeps what it does not set')
    assert.equal(later.status, 'in-progress')
    const ofCustomer = await collect(
      tables.migrationProgress.byCustomer('did:mailto:a.com:x')
    )
    assert.equal(ofCustomer.items.length, 2)
  })

  it('lets exactly one of two racing workers create a customer’s migration space', async () => {
    const base = {
      customer: 'did:mailto:race.com:r',
      spaceName: 'migration',
      privateKey: 'enc',
      status: 'active' as const,
      created: new Date().toISOString(),
      indexCount: 0,
    }
    const results = await Promise.all([
      tables.migrationSpaces.createOrGet({
        ...base,
        migrationSpace: 'did:key:z6MkWinnerOne',
      }),
      tables.migrationSpaces.createOrGet({
        ...base,
        migrationSpace: 'did:key:z6MkWinnerTwo',
      }),
    ])
    assert.equal(results.filter((r) => r.created).length, 1)
    assert.equal(
      results[0].record.migrationSpace,
      results[1].record.migrationSpace
    )
    await tables.migrationSpaces.setStatus(base.customer, 'provisioned')
    assert.equal(
      (await tables.migrationSpaces.get(base.customer))?.status,
      'provisioned'
    )
    await assert.rejects(
      tables.migrationSpaces.setStatus(
        'did:mailto:nobody.com:n',
        'provisioned'
      ),
      /ConditionalCheckFailed|conditional/i
    )
  })

  it('moves a space’s progress only forward and never reopens a finished space', async () => {
    const [customer, space] = ['did:mailto:adv.test:a', 'did:key:zAdvance']
    const rows = tables.migrationProgress
    await rows.update(customer, space, {
      status: 'in-progress',
      completedUploads: 0,
    })
    assert.equal(
      await rows.advance(customer, space, { completedUploads: 20 }),
      true
    )
    // A stale attempt of an earlier page arrives late.
    assert.equal(
      await rows.advance(customer, space, { completedUploads: 10 }),
      false
    )
    assert.equal((await rows.get(customer, space))?.completedUploads, 20)
    await rows.update(customer, space, {
      status: 'completed',
      completedUploads: 30,
    })
    assert.equal(
      await rows.advance(customer, space, { completedUploads: 40 }),
      false
    )
    const row = await rows.get(customer, space)
    assert.equal(row?.status, 'completed')
    assert.equal(row?.completedUploads, 30)
  })

  it('never puts a completed customer back to pending when redistributing', async () => {
    assert.equal(
      await tables.migrationCustomers.assign('did:mailto:c.com:done', {
        instanceId: '1',
        totalUploads: 5,
      }),
      true
    )
    await tables.migrationCustomers.update('did:mailto:c.com:done', {
      status: 'completed',
      completedUploads: 5,
    })
    assert.equal(
      await tables.migrationCustomers.assign('did:mailto:c.com:done', {
        instanceId: '2',
      }),
      false
    )
    const row = await tables.migrationCustomers.get('did:mailto:c.com:done')
    assert.deepEqual(
      [row?.status, row?.instanceId, row?.completedUploads],
      ['completed', '1', 5]
    )
    const pending = await collect(
      tables.migrationCustomers.byStatus('completed')
    )
    assert.equal(pending.items.length, 1)
  })

  it('writes many delegations in batches and reads them back page by page', async () => {
    const issuer = 'did:key:z6MkIssuer'
    const records = Array.from({ length: 60 }, (_, i) => ({
      link: `bafydelegation${i}`,
      issuer,
      audience: 'did:mailto:d.com:u',
      expiration: i % 2 ? undefined : 2_000_000_000,
    }))
    await tables.delegation.putAll(records)
    const read = await collect(tables.delegation.byIssuer(issuer))
    assert.equal(read.items.length, 60)
    assert.equal(
      read.items.filter((d) => d.expiration === undefined).length,
      30
    )
  })

  it('counts failed attempts of an upload and forgets it once cleared', async () => {
    const failure = {
      space: 'did:key:z6MkF',
      root: 'bafyfail',
      customer: 'did:mailto:f.com:f',
      step: 'index',
      reason: 'SHARD_NOT_FOUND',
      error: 'HEAD 404',
    }
    await tables.migrationFailures.record(failure)
    const again = await tables.migrationFailures.record({
      ...failure,
      error: 'HEAD 404 again',
    })
    assert.equal(again.attempts, 2)
    assert.equal(again.error, 'HEAD 404 again')
    assert.equal(
      (await collect(tables.migrationFailures.byCustomer(failure.customer)))
        .items.length,
      1
    )
    await tables.migrationFailures.clear(failure.space, failure.root)
    assert.equal(
      (await collect(tables.migrationFailures.bySpace(failure.space))).items
        .length,
      0
    )
  })

  it('reads shard sizes by the key each protocol uses', async () => {
    await tables.allocation.put('did:key:z6MkS', 'zQmMultihash', 1234)
    await tables.store.put('did:key:z6MkS', 'bagbaieraCar', 99)
    assert.equal(
      await tables.allocation.getSize('did:key:z6MkS', 'zQmMultihash'),
      1234
    )
    assert.equal(
      await tables.store.getSize('did:key:z6MkS', 'bagbaieraCar'),
      99
    )
    assert.equal(
      await tables.store.getSize('did:key:z6MkS', 'zQmMultihash'),
      undefined
    )
  })

  it('maps spaces and customers through the consumer GSIs', async () => {
    for (let i = 0; i < 3; i++) {
      await tables.consumer.putIfAbsent({
        subscription: `sub${i}`,
        provider: 'did:web:web3.storage',
        consumer: `did:key:z6MkSpace${i}`,
        customer: 'did:mailto:e.com:owner',
      })
    }
    assert.equal(
      await tables.consumer.putIfAbsent({
        subscription: 'sub0',
        provider: 'did:web:web3.storage',
        consumer: 'did:key:z6MkOther',
        customer: 'did:mailto:e.com:thief',
      }),
      false
    )
    const spaces = await collect(
      tables.consumer.spacesOfCustomer('did:mailto:e.com:owner')
    )
    assert.deepEqual(spaces.items.sort(), [
      'did:key:z6MkSpace0',
      'did:key:z6MkSpace1',
      'did:key:z6MkSpace2',
    ])
    assert.equal(
      await tables.consumer.customerOfSpace('did:key:z6MkSpace1'),
      'did:mailto:e.com:owner'
    )
    assert.equal(
      await tables.consumer.customerOfSpace('did:key:z6MkNobody'),
      undefined
    )
    const segments = await Promise.all(
      [0, 1].map((s) => collect(tables.consumer.scanSegment(s, 2, 1)))
    )
    assert.equal(
      segments.reduce((n, s) => n + s.items.length, 0),
      3
    )
  })
})
