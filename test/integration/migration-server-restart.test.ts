import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { startRestartableTemporal } from '../../src/sandbox/world/restartable-temporal.js'
import { ensureTools } from '../../src/stack/tools.js'
import type { InstanceResult } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

/** A Temporal dev server of this file's own, on a SQLite file, so it can be restarted. */
const server = await startRestartableTemporal({
  cli: (await ensureTools()).temporalCli,
  dir: mkdtempSync(join(tmpdir(), 'restart-')),
})
after(() => server.stop())

const world = await migrationWorld(
  {
    seed: 'server-restart',
    customers: 3,
    spacesPerCustomer: 2,
    uploadsPerSpace: 6,
  },
  { temporalAddress: server.address }
)

describe('restarting the Temporal server mid-run', () => {
  it('finishes the migration with nothing lost and nothing duplicated', async () => {
    world.sandbox.indexer.faults.set({ latencyMs: 100 })
    const handle = await world.startInstance('restart', {
      tuning: { pageSize: 2, uploadConcurrency: 1, spaceConcurrency: 2 },
    })
    const result = await world.withWorker(async () => {
      await untilSomeProgress()
      await server.stop()
      assert.ok(
        (await processedRows()) < world.uploads.length,
        'the server went down mid-run'
      )
      await sleep(2_000)
      await server.start()
      world.sandbox.indexer.faults.clear()
      return resultAcrossOutage(() => handle.result())
    })
    assert.equal(result.processed, world.uploads.length)
    assertNoDuplicateSideEffects(world.sandbox)
    for (const [space, count] of uploadsBySpace()) {
      const customer = world.uploads.find((u) => u.space === space)!.customer
      const row = await world.tables.migrationProgress.get(customer, space)
      assert.equal(row?.completedUploads, count, space)
    }
  })
})

async function untilSomeProgress() {
  for (;;) {
    for await (const page of world.tables.migrationProgress.scanAll())
      if (page.some((row) => row.completedUploads > 0)) return
    await sleep(200)
  }
}

async function processedRows() {
  let processed = 0
  for await (const page of world.tables.migrationProgress.scanAll())
    for (const row of page) processed += row.completedUploads
  return processed
}

/** The client's long poll breaks while the server is down: ask again until it answers. */
async function resultAcrossOutage(
  result: () => Promise<InstanceResult>
): Promise<InstanceResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await result()
    } catch (err) {
      if (attempt > 30) throw err
      await sleep(1_000)
    }
  }
}

function uploadsBySpace() {
  const counts = new Map<string, number>()
  for (const u of world.uploads)
    counts.set(u.space, (counts.get(u.space) ?? 0) + 1)
  return counts
}
