import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { migrationWorld } from '../helpers/migration-world.js'
import { spawnTs, watch } from '../helpers/processes.js'

const world = await migrationWorld({
  seed: 'control-reauthorize',
  customers: 2,
  spacesPerCustomer: 2,
  uploadsPerSpace: 2,
})
const env = { ...process.env, ...world.env, ENV_FILE: '/nonexistent/.env' }

async function cli(...args: string[]) {
  const child = watch(spawnTs('src/client/main.ts', args, env))
  const code = await child.exit
  return { code, output: child.output() }
}

/** The distinct serve delegations the gateway stored, by space. */
function storedBySpace(): Map<string, Set<string>> {
  const by = new Map<string, Set<string>>()
  for (const e of world.sandbox.ledger.find('delegation-stored')) {
    const set = by.get(e.space as string) ?? new Set<string>()
    set.add(e.delegation as string)
    by.set(e.space as string, set)
  }
  return by
}

describe('reauthorize', () => {
  let space: string
  let customer: string
  let recorded: string

  before(async () => {
    const handle = await world.startInstance('reauthorize')
    await world.withWorker(() => handle.result())
    for await (const page of world.tables.migrationProgress.scanAll())
      for (const row of page)
        if (row.gatewayDelegation && !recorded) {
          ;({ space, customer } = row)
          recorded = row.gatewayDelegation
        }
    assert.ok(recorded, 'a space was authorized by the migration')
  })

  it('dry run: says what it would do, sends and writes nothing', async () => {
    const before = world.sandbox.ledger.all().length
    const run = await cli('reauthorize', '--space', space)
    assert.equal(run.code, 0, run.output)
    assert.match(run.output, new RegExp(`recorded: +${recorded}`))
    assert.match(run.output, /dry run: nothing sent/)
    assert.equal(world.sandbox.ledger.all().length, before)
    const row = await world.tables.migrationProgress.get(customer, space)
    assert.equal(row?.gatewayDelegation, recorded)
  })

  it('--execute sends a fresh access/delegate for that space only and records its CID on the row', async () => {
    const before = storedBySpace()
    // One authorization stores the serve delegation and its attestation.
    const once = before.get(space) ?? new Set<string>()
    assert.ok(once.has(recorded))

    const run = await cli('reauthorize', '--space', space, '--execute', '--yes')
    assert.equal(run.code, 0, run.output)

    const after = storedBySpace()
    const fresh = [...(after.get(space) ?? [])].filter((d) => !once.has(d))
    assert.equal(fresh.length, once.size, 'a second authorization, all new')
    for (const [other, delegations] of after)
      if (other !== space)
        assert.deepEqual(delegations, before.get(other), `${other} untouched`)
    const row = await world.tables.migrationProgress.get(customer, space)
    assert.ok(row?.gatewayDelegation)
    assert.notEqual(row.gatewayDelegation, recorded)
    assert.ok(
      fresh.includes(row.gatewayDelegation),
      'the row names the new one'
    )
    assert.match(
      run.output,
      new RegExp(`stored ${row.gatewayDelegation} \\(was ${recorded}\\)`)
    )
    const served = await world.sandbox.gateway.delegationsFor(space)
    assert.ok(served.some((d) => d.cid.toString() === row.gatewayDelegation))
    assert.equal((await world.sandbox.gateway.servable(space)).servable, true)
    assert.deepEqual(
      world.sandbox.ledger.find('delegation-revoked').map((e) => e.delegation),
      [recorded],
      'the delegation it replaces is revoked, so only the new one is in force'
    )
    assert.match(run.output, new RegExp(`revoked: ${recorded}`))
  })

  it('refuses a space with no progress row, and a flag that is no did:key', async () => {
    const stranger = await cli(
      'reauthorize',
      '--space',
      'did:key:z6MkmjS2fNbyMz9NviLJ9owtSQK5569EbjvLRbFFim9NLLar',
      '--customer',
      customer
    )
    assert.equal(stranger.code, 1)
    assert.match(stranger.output, /has no progress row: migrate it first/)
    const bad = await cli('reauthorize', '--space', 'did:web:x')
    assert.equal(bad.code, 2)
    assert.match(bad.output, /--space did:web:x is not a did:key/)
  })

  it('leaves a renewal a rollback can rebuild: the rollback revokes the renewed delegation', async () => {
    const row = await world.tables.migrationProgress.get(customer, space)
    assert.equal(row?.gatewayReauthorizations, 1, 'the renewal is counted')
    const renewed = row.gatewayDelegation
    const run = await cli('rollback', '--space', space, '--execute', '--yes')
    assert.equal(run.code, 0, run.output)
    assert.deepEqual(
      world.sandbox.ledger.find('delegation-revoked').map((e) => e.delegation),
      [recorded, renewed]
    )
    assert.equal((await world.sandbox.gateway.servable(space)).servable, false)
  })
})
