import assert from 'node:assert/strict'
import type {
  MigrationSpaceRecord,
  MigrationSpaceTables,
} from '../../src/migration/ports.js'

export type MigrationSpacesPort = MigrationSpaceTables['migrationSpaces']

const space = (
  customer: string,
  migrationSpace: string
): MigrationSpaceRecord => ({
  customer,
  migrationSpace,
  spaceName: `migration of ${customer}`,
  privateKey: `{"sealed":"${migrationSpace}"}`,
  status: 'active',
  created: '2026-01-01T00:00:00.000Z',
  lastUsed: '2026-01-01T00:00:00.000Z',
  indexCount: 0,
})

/** What every migration-spaces table must do; run against DynamoDB and the in-memory fake. */
export const migrationSpacesTableContract: Record<
  string,
  (table: MigrationSpacesPort) => Promise<void>
> = {
  'answers undefined for a customer without a space': async (table) => {
    assert.equal(await table.get('did:mailto:test:nobody'), undefined)
  },
  'creates a space and reads it back whole': async (table) => {
    const record = space('did:mailto:test:one', 'did:key:zOne')
    assert.deepEqual(await table.createOrGet(record), {
      record,
      created: true,
    })
    assert.deepEqual(await table.get(record.customer), record)
  },
  'of two writers, the first record stands and the second gets it back': async (
    table
  ) => {
    const first = space('did:mailto:test:two', 'did:key:zFirst')
    const second = space('did:mailto:test:two', 'did:key:zSecond')
    await table.createOrGet(first)
    assert.deepEqual(await table.createOrGet(second), {
      record: first,
      created: false,
    })
    assert.deepEqual(await table.get(first.customer), first)
  },
  'of two writers racing, exactly one creates and both use its record': async (
    table
  ) => {
    const a = space('did:mailto:test:race', 'did:key:zA')
    const b = space('did:mailto:test:race', 'did:key:zB')
    const answers = await Promise.all([
      table.createOrGet(a),
      table.createOrGet(b),
    ])
    assert.equal(answers.filter((answer) => answer.created).length, 1)
    const winner = answers.find((answer) => answer.created)!.record
    for (const answer of answers) assert.deepEqual(answer.record, winner)
    assert.deepEqual(await table.get(a.customer), winner)
  },
  'keeps customers apart': async (table) => {
    const x = space('did:mailto:test:x', 'did:key:zX')
    const y = space('did:mailto:test:y', 'did:key:zY')
    await table.createOrGet(x)
    assert.equal((await table.createOrGet(y)).created, true)
    assert.equal((await table.get(x.customer))?.migrationSpace, 'did:key:zX')
    assert.equal((await table.get(y.customer))?.migrationSpace, 'did:key:zY')
  },
  'sets the status and the time of use, keeping the rest': async (table) => {
    const record = space('did:mailto:test:status', 'did:key:zStatus')
    await table.createOrGet(record)
    const before = new Date().toISOString()
    await table.setStatus(record.customer, 'provisioned')
    const after = (await table.get(record.customer))!
    assert.ok(after.lastUsed !== undefined && after.lastUsed >= before)
    assert.deepEqual(after, {
      ...record,
      status: 'provisioned',
      lastUsed: after.lastUsed,
    })
    await table.setStatus(record.customer, 'delegated')
    assert.equal((await table.get(record.customer))?.status, 'delegated')
  },
  'refuses to set the status of a customer without a space': async (table) => {
    await assert.rejects(
      table.setStatus('did:mailto:test:ghost', 'provisioned')
    )
    assert.equal(await table.get('did:mailto:test:ghost'), undefined)
  },
}
