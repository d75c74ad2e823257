import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { monitorTables, runMonitor } from '../../src/client/monitor/index.js'
import { migrationWorld } from '../helpers/migration-world.js'

// Twelve uploads: the seeder's first dozen hold every awkward case, failures included.
const world = await migrationWorld({
  seed: 'worker-id',
  customers: 1,
  spacesPerCustomer: 1,
  uploadsPerSpace: 12,
})

describe('worker --worker-id', () => {
  it('labels the progress and failure rows it writes, and the monitor groups by it', async () => {
    const handle = await world.startInstance('labelled', {
      tuning: { smallSpaceUploads: 0 },
    })
    const result = await world.withWorker(() => handle.result(), {
      workerId: 'host-a',
    })
    assert.equal(result.processed, world.uploads.length)
    const customer = world.customers[0]!
    const rows = []
    for await (const page of world.tables.migrationProgress.byCustomer(
      customer
    ))
      rows.push(...page)
    assert.ok(rows.length > 0)
    assert.deepEqual(
      rows.map((r) => r.workerId),
      rows.map(() => 'host-a')
    )
    const failures = await world.failureRows()
    assert.ok(failures.length > 0, 'the awkward uploads failed')
    assert.deepEqual(
      failures.map((f) => f.workerId),
      failures.map(() => 'host-a')
    )

    let text = ''
    await runMonitor(
      monitorTables(world.dynamo, world.config.dynamo.tables),
      { instance: 'labelled' },
      { write: (chunk: string) => (text += chunk) }
    )
    assert.match(
      text,
      new RegExp(
        `\\n {2}Worker host-a: \\d+/${rows.length} completed\\n(?: {4}.*\\n)*? {4}Failed Uploads: ${failures.length}\\n`
      ),
      text
    )
  })
})
