import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readFixtures, replayProblems } from '../helpers/replay.js'

/**
 * Histories recorded from real runs (instance, customer and space workflows, before and after
 * continue-as-new) must replay on today's code: a change that breaks determinism for running
 * migrations fails here. Refresh with `RECORD_HISTORIES=1` on the control and service-refusal
 * integration tests (no migration runs in production yet, so a change of shape re-records them
 * rather than patching; once one does, use `patched()` and keep the old histories).
 */
describe('workflow determinism', () => {
  it('replays every recorded history without nondeterminism', async () => {
    const fixtures = readFixtures()
    assert.ok(
      fixtures.length >= 5,
      `found ${fixtures.length} recorded histories`
    )
    assert.deepEqual(await replayProblems(fixtures), [])
  })
})
