import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { UploadFailure } from '../../src/services/dynamo/migration-failures-table.js'
import { progressQuery, resumeSignal } from '../../src/workflows/signals.js'
import type { Progress } from '../../src/workflows/types.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

const world = await migrationWorld({
  seed: 'refusal',
  customers: 2,
  spacesPerCustomer: 2,
  uploadsPerSpace: 4,
})

async function failures(): Promise<UploadFailure[]> {
  const all: UploadFailure[] = []
  for (const space of new Set(world.uploads.map((u) => u.space)))
    for await (const page of world.tables.migrationFailures.bySpace(space))
      all.push(...page)
  return all
}

/** Polls until `check` holds, for at most `seconds`. */
async function until<T>(
  seconds: number,
  read: () => Promise<T>,
  check: (value: T) => boolean
): Promise<T> {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    const value = await read()
    if (check(value)) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await sleep(250)
  }
}

describe('an upload service that refuses writes (its kill-switch)', () => {
  it('pauses the migration with the reason and no failure, then resumes to completion', async () => {
    world.sandbox.uploadService.writes.disabled = true
    const handle = await world.startInstance('refusal')
    const result = await world.withWorker(async () => {
      const paused = await until(
        90,
        () => handle.query<Progress>(progressQuery),
        (p) => p.pausedBecause !== undefined
      )
      assert.match(
        paused.pausedBecause ?? '',
        /upload-service|ServiceUnavailable|disabled/
      )
      assert.equal(paused.paused, true)
      const normal = new Set(
        world.uploads.filter((u) => u.quirk === 'normal').map((u) => u.root)
      )
      assert.deepEqual(
        (await failures()).filter((f) => normal.has(f.root)),
        [],
        'no upload failed for the refusal'
      )
      world.sandbox.uploadService.writes.disabled = false
      await handle.signal(resumeSignal)
      return handle.result()
    })
    assert.equal(result.processed, world.uploads.length)
    const normal = world.uploads.filter((u) => u.quirk === 'normal')
    const failed = new Set((await failures()).map((f) => f.root))
    for (const upload of normal)
      assert.ok(!failed.has(upload.root), `${upload.state} migrated`)
    assert.ok(world.sandbox.uploadService.writes.refused > 0)
    assertNoDuplicateSideEffects(world.sandbox)
  })
})
