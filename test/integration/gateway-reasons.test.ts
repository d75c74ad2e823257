import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runMonitor } from '../../src/client/monitor/index.js'
import { runStats, statsJson } from '../../src/client/stats/index.js'
import { collectStats } from '../../src/client/stats/index.js'
import { scopeRows } from '../../src/client/shared/index.js'
import type { SpaceProgress } from '../../src/services/dynamo/migration-progress-table.js'
import { migrationWorld } from '../helpers/migration-world.js'

// Two customers of four spaces: space 3 of the first has no owner delegation (the seed's one in
// seven), the second's last space is empty.
const world = await migrationWorld({
  seed: 'gateway-reasons',
  customers: 2,
  spacesPerCustomer: 4,
  uploadsPerSpace: 2,
})
const [first, second] = world.customers as [string, string]
const spacesWithUploads = (customer: string) => [
  ...new Set(
    world.uploads.filter((u) => u.customer === customer).map((u) => u.space)
  ),
]

async function rows(): Promise<SpaceProgress[]> {
  const all: SpaceProgress[] = []
  for (const customer of world.customers)
    for await (const page of world.tables.migrationProgress.byCustomer(
      customer
    ))
      all.push(...page)
  return all
}

async function print(
  run: (out: { write(text: string): void }) => Promise<unknown>
) {
  let text = ''
  await run({ write: (chunk) => (text += chunk) })
  return text
}

const monitor = () =>
  print((out) => runMonitor(world.tables, {}, out, { timeZone: 'UTC' }))
const stats = () => print((out) => runStats(world.tables, {}, out))

describe('spaces failed at the gateway', () => {
  it('are counted by reason in monitor and stats, and a run that authorizes them clears it', async () => {
    // The gateway refuses every space of the second customer: GATEWAY_AUTH_FAILED.
    const refused = spacesWithUploads(second)
    for (const space of refused) world.sandbox.gateway.refusedSpaces.add(space)
    const handle = await world.startInstance('gateway-reasons')
    await world.withWorker(() => handle.result())

    const failed = (await rows()).filter((row) => row.gatewayReason)
    const byReason = (reason: string) =>
      failed.filter((row) => row.gatewayReason === reason)
    assert.deepEqual(
      byReason('GATEWAY_AUTH_FAILED')
        .map((row) => row.space)
        .sort(),
      [...refused].sort()
    )
    const ownerless = byReason('MISSING_DELEGATION')
    assert.equal(ownerless.length, 1)
    assert.equal(ownerless[0]!.customer, first)
    for (const row of failed) {
      assert.equal(row.status, 'failed', row.space)
      // The space fails, its uploads do not: they still got their index and claims.
      assert.equal(row.completedUploads, row.totalUploads, row.space)
    }

    assert.match(
      await monitor(),
      new RegExp(
        `\\nSpaces Failed at the Gateway: ${refused.length + 1}\\n {2}GATEWAY_AUTH_FAILED: ${refused.length}\\n {2}MISSING_DELEGATION: 1\\n`
      )
    )
    const customerView = await print((out) =>
      runMonitor(world.tables, { customer: first }, out, { timeZone: 'UTC' })
    )
    assert.match(
      customerView,
      /\nSpaces Failed at the Gateway: 1\n {2}MISSING_DELEGATION: 1\n/
    )
    assert.match(customerView, /\n {5}Gateway: MISSING_DELEGATION\n/)
    assert.match(
      await stats(),
      new RegExp(
        `\\nGateway failed +${refused.length + 1} spaces .*\\n {2}GATEWAY_AUTH_FAILED {2}${refused.length}\\n {2}MISSING_DELEGATION {3}1\\n`
      )
    )
    const json = statsJson(
      await collectStats(
        { kind: 'all' },
        scopeRows(world.tables, { kind: 'all' })
      )
    )
    assert.deepEqual(json.gatewayFailedSpaces, {
      total: refused.length + 1,
      byReason: [
        { reason: 'GATEWAY_AUTH_FAILED', count: refused.length },
        { reason: 'MISSING_DELEGATION', count: 1 },
      ],
    })

    // The gateway takes them now: the next run authorizes them, and only the ownerless is left.
    world.sandbox.gateway.refusedSpaces.clear()
    const again = await world.startInstance('gateway-reasons-again')
    await world.withWorker(() => again.result())
    const left = (await rows()).filter((row) => row.gatewayReason)
    assert.deepEqual(
      left.map((row) => [row.space, row.gatewayReason]),
      [[ownerless[0]!.space, 'MISSING_DELEGATION']]
    )
    for (const space of refused)
      assert.ok(
        world.sandbox.ledger.count('delegation-stored', { space }) > 0,
        space
      )
    assert.match(
      await monitor(),
      /\nSpaces Failed at the Gateway: 1\n {2}MISSING_DELEGATION: 1\n/
    )
  })
})
