import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { progressQuery, resumeSignal } from '../../src/workflows/signals.js'
import type { Progress } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

/** Some of the seeded uploads fail by design (missing sizes, blobs, shards). */
const world = await migrationWorld({
  seed: 'budget',
  customers: 2,
  spacesPerCustomer: 2,
  uploadsPerSpace: 4,
})

describe('a failure budget (--max-failures)', () => {
  it('pauses the migration with the reason once failures pass it, and finishes when resumed', async () => {
    const handle = await world.startInstance('budget', {
      failureBudget: { maxFailures: 1 },
      tuning: { customerConcurrency: 1, spaceConcurrency: 1 },
    })
    const reasons: string[] = []
    /** The search attribute follows once the workflow task that paused it completes. */
    const untilPausedAttribute = async () => {
      for (let tries = 0; ; tries++) {
        const { searchAttributes } = await handle.describe()
        if (searchAttributes.MigrationStatus?.[0] === 'paused') return
        assert.ok(tries < 50, 'MigrationStatus never became paused')
        await sleep(100)
      }
    }
    const result = await world.withWorker(async () => {
      for (;;) {
        const described = await handle.describe()
        if (described.status.name !== 'RUNNING') return handle.result()
        const progress = await handle.query<Progress>(progressQuery)
        if (progress.pausedBecause) {
          reasons.push(progress.pausedBecause)
          await untilPausedAttribute()
          await handle.signal(resumeSignal)
        }
        await sleep(200)
      }
    })
    assert.ok(reasons.length > 0, 'paused at least once')
    assert.match(
      reasons[0]!,
      /^failure budget: \d+ of \d+ uploads failed in (space|customer|instance) .*more than --max-failures 1$/
    )
    assert.equal(
      result.processed,
      world.uploads.length,
      'finished when resumed'
    )
    assert.ok(result.failed > 1)
    assertNoDuplicateSideEffects(world.sandbox)
  })
})
