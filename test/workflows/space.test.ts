import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { oneSpaceWorld } from '../helpers/fake-world.js'
import { finishedRun, workflowHarness } from '../helpers/workflow-harness.js'

const harness = await workflowHarness()

describe('space workflow', () => {
  it('authorizes the gateway once, pages through its uploads from the cursor and ends completed', async () => {
    const { world, space, roots } = oneSpaceWorld(5)
    const result = await harness.run(world, async (start) =>
      (await start.space(space, { tuning: { pageSize: 2 } })).result()
    )
    assert.deepEqual(result, {
      space,
      status: 'completed',
      processed: 5,
      migrated: 5,
      alreadyMigrated: 0,
      failed: 0,
      totalUploads: 5,
      gateway: { status: 'authorized' },
    })
    assert.equal(world.callsOf('beginSpace').length, 1)
    const pages = world.callsOf('migrateUploadPage').map((c) => c.input)
    assert.deepEqual(
      pages.map((p) => [p.cursor, p.pageSize, p.progress?.completedUploads]),
      [
        [undefined, 2, 0],
        [roots[1], 2, 2],
        [roots[3], 2, 4],
      ]
    )
    assert.ok(pages.every((p) => p.mode === 'full'))
    assert.deepEqual([...world.migrations.values()], [1, 1, 1, 1, 1])
    assert.deepEqual(world.progress.get(space), {
      status: 'completed',
      totalUploads: 5,
      completedUploads: 5,
      lastProcessedUpload: roots[4],
      error: '',
    })
  })

  it('ends failed when an upload failed, after migrating the others', async () => {
    const { world, space, roots } = oneSpaceWorld(4)
    world.failingUploads.add(roots[1]!)
    const result = await harness.run(world, async (start) =>
      (await start.space(space)).result()
    )
    assert.equal(result.status, 'failed')
    assert.equal(result.processed, 4)
    assert.equal(result.migrated, 3)
    assert.equal(result.failed, 1)
    assert.match(result.error ?? '', /1 uploads failed/)
    assert.equal(world.progress.get(space)?.status, 'failed')
    assert.match(world.progress.get(space)?.error ?? '', /1 uploads failed/)
  })

  it('ends failed on a gateway refusal, with every upload still migrated', async () => {
    const { world, space } = oneSpaceWorld(3)
    world.gatewayRefused.add(space)
    const result = await harness.run(world, async (start) =>
      (await start.space(space)).result()
    )
    assert.equal(result.status, 'failed')
    assert.equal(result.gateway.status, 'failed')
    assert.equal(result.migrated, 3)
    assert.match(result.error ?? '', /gateway authorization/)
    assert.equal(world.progress.get(space)?.status, 'failed')
  })

  it('run again, skips a completed space at one read, spending no limit', async () => {
    const { world, space } = oneSpaceWorld(3)
    const [first, again] = await harness.run(world, async (start) => [
      await (await start.space(space)).result(),
      await (await start.space(space, { limit: 1 })).result(),
    ])
    assert.equal(first.migrated, 3)
    assert.equal(again.status, 'skipped')
    assert.equal(again.processed, 0)
    assert.equal(again.skipped, 3)
    assert.equal(world.callsOf('migrateUploadPage').length, 1, 'the first run')
    assert.equal(world.callsOf('finishSpace').length, 1, 'the row left alone')
    assert.deepEqual(world.progress.get(space)?.status, 'completed')
    assert.equal(world.progress.get(space)?.completedUploads, 3)
  })

  it('rechecked, finds the gateway authorized and the uploads migrated', async () => {
    const { world, space } = oneSpaceWorld(3)
    const [first, again] = await harness.run(world, async (start) => [
      await (await start.space(space)).result(),
      await (await start.space(space, { recheck: true })).result(),
    ])
    assert.equal(first.migrated, 3)
    assert.equal(again.status, 'completed')
    assert.equal(again.gateway.status, 'already')
    assert.equal(again.migrated, 0)
    assert.equal(again.alreadyMigrated, 3)
    assert.equal(world.gatewayAuthorizations.get(space), 1)
  })

  it('a recheck stopped by its limit leaves a completed row completed, with its count', async () => {
    const { world, space } = oneSpaceWorld(4)
    const again = await harness.run(world, async (start) => {
      await (await start.space(space)).result()
      return (await start.space(space, { recheck: true, limit: 2 })).result()
    })
    assert.equal(again.status, 'partial')
    assert.equal(again.processed, 2)
    assert.equal(world.progress.get(space)?.status, 'completed')
    assert.equal(world.progress.get(space)?.completedUploads, 4)
  })

  it('starts its pages while a large space is still being counted, and records the total', async () => {
    const { world, space } = oneSpaceWorld(7)
    world.countPageCap = 2
    const result = await harness.run(world, async (start) =>
      (await start.space(space, { tuning: { pageSize: 3 } })).result()
    )
    assert.equal(result.status, 'completed')
    assert.equal(result.totalUploads, 7)
    assert.equal(world.progress.get(space)?.totalUploads, 7)
    const counts = world.callsOf('countSpaceUploads')
    assert.equal(counts.length, 1)
    assert.deepEqual(counts[0]!.input.from.counted, 2, 'on from the first page')
  })

  it('uploads added behind its cursor while it ran leave the space pending, not completed', async () => {
    const { world, space, roots } = oneSpaceWorld(4)
    const gate = world.holdPages()
    const result = await harness.run(world, async (start) => {
      const handle = await start.space(space, { tuning: { pageSize: 2 } })
      await world.until(() => gate.waiting >= 1)
      gate.release()
      await world.until(() => gate.waiting >= 1)
      // The first page is done: a root that sorts before its cursor is never reached.
      world.uploadsOf.set(space, [`${roots[0]!}-added`, ...roots].sort())
      gate.open()
      return handle.result()
    })
    assert.equal(result.status, 'partial')
    assert.match(result.error ?? '', /1 uploads were added/)
    assert.equal(world.progress.get(space)?.status, 'pending')
  })

  it('continues as new with its cursor, counts and gateway outcome', async () => {
    const { world, space, roots } = oneSpaceWorld(6)
    const { result, progress, continued } = await harness.run(
      world,
      async (start) => {
        const handle = await start.space(space, {
          tuning: { pageSize: 1, maxHistoryEvents: 15 },
        })
        return finishedRun(handle)
      }
    )
    assert.ok(continued, 'the last run continued from an earlier one')
    assert.ok(progress.runs > 2, `${progress.runs} runs`)
    assert.equal(result.status, 'completed')
    assert.equal(result.processed, 6)
    assert.equal(result.migrated, 6)
    assert.equal(result.totalUploads, 6)
    assert.equal(result.gateway.status, 'authorized')
    assert.equal(world.callsOf('beginSpace').length, 1, 'begun once')
    const pages = world.callsOf('migrateUploadPage').map((c) => c.input)
    assert.deepEqual(
      pages.map((p) => p.cursor),
      [undefined, ...roots.slice(0, 5)]
    )
    assert.deepEqual(
      pages.map((p) => p.progress?.completedUploads),
      [0, 1, 2, 3, 4, 5]
    )
    assert.deepEqual([...world.migrations.values()], [1, 1, 1, 1, 1, 1])
    assert.equal(world.progress.get(space)?.completedUploads, 6)
  })

  it('retries a page after a transient failure; its uploads count once', async () => {
    const { world, space, roots } = oneSpaceWorld(4)
    world.faults.push({
      activity: 'migrateUploadPage',
      when: (input: { cursor?: string }) => input.cursor === roots[1],
      times: 1,
      permanent: false,
    })
    const result = await harness.run(world, async (start) =>
      (await start.space(space, { tuning: { pageSize: 2 } })).result()
    )
    assert.equal(result.status, 'completed')
    assert.equal(result.processed, 4)
    assert.deepEqual(
      world
        .callsOf('migrateUploadPage')
        .map((c) => [c.input.cursor, c.attempt]),
      [
        [undefined, 1],
        [roots[1], 1],
        [roots[1], 2],
      ]
    )
    assert.deepEqual([...world.migrations.values()], [1, 1, 1, 1])
  })

  it('keeps retrying a page that fails transiently, past any attempt cap, and completes', async () => {
    const { world, space, roots } = oneSpaceWorld(4)
    // Poison uploads are bounded by their own budget: the page's retries are not capped.
    world.faults.push({
      activity: 'migrateUploadPage',
      when: (input: { cursor?: string }) => input.cursor === roots[1],
      times: 25,
      permanent: false,
      retryAfterMs: 10,
    })
    const result = await harness.run(world, async (start) =>
      (await start.space(space, { tuning: { pageSize: 2 } })).result()
    )
    assert.equal(result.status, 'completed')
    assert.equal(result.processed, 4)
    assert.equal(world.callsOf('migrateUploadPage').at(-1)?.attempt, 26)
  })

  it('ends failed on a non-retryable page failure, tried once, and marks its row', async () => {
    const { world, space, roots } = oneSpaceWorld(4)
    world.faults.push({
      activity: 'migrateUploadPage',
      when: (input: { cursor?: string }) => input.cursor === roots[1],
      times: 1,
      permanent: true,
    })
    const result = await harness.run(world, async (start) =>
      (await start.space(space, { tuning: { pageSize: 2 } })).result()
    )
    assert.equal(result.status, 'failed')
    assert.equal(result.processed, 2, 'the first page counts')
    assert.match(result.error ?? '', /injected permanent fault/)
    assert.equal(world.callsOf('migrateUploadPage').length, 2)
    const row = world.progress.get(space)
    assert.equal(row?.status, 'failed')
    assert.equal(row?.completedUploads, 2)
    assert.match(row?.error ?? '', /injected permanent fault/)
  })

  it('stops at its limit and ends partial, its row pending', async () => {
    const { world, space } = oneSpaceWorld(5)
    const result = await harness.run(world, async (start) =>
      (await start.space(space, { limit: 3, tuning: { pageSize: 2 } })).result()
    )
    assert.equal(result.status, 'partial')
    assert.equal(result.processed, 3)
    assert.deepEqual(
      world.callsOf('migrateUploadPage').map((c) => c.input.pageSize),
      [2, 1]
    )
    assert.equal(world.progress.get(space)?.status, 'pending')
    assert.equal(world.progress.get(space)?.completedUploads, 3)
  })

  it('migrates one upload alone (--cid) in one page, leaving the rows alone', async () => {
    const { world, space, roots } = oneSpaceWorld(5)
    const result = await harness.run(world, async (start) =>
      (
        await start.space(space, { root: roots[2], tuning: { pageSize: 1 } })
      ).result()
    )
    assert.equal(result.status, 'completed')
    assert.equal(result.processed, 1)
    assert.deepEqual([...world.migrations.keys()], [roots[2]])
    assert.equal(world.callsOf('migrateUploadPage')[0]?.input.root, roots[2])
    assert.equal(world.progress.size, 0, 'no progress row')
  })

  it('retries only the failed uploads and settles the space once none is left', async () => {
    const { world, space, roots } = oneSpaceWorld(4)
    world.failingUploads.add(roots[2]!)
    const [first, retried] = await harness.run(world, async (start) => {
      const first = await (await start.space(space)).result()
      world.failingUploads.clear()
      const retry = await start.space(space, { onlyFailed: true })
      return [first, await retry.result()]
    })
    assert.equal(first.status, 'failed')
    assert.equal(retried.status, 'completed')
    assert.equal(retried.processed, 1, 'only the failed upload')
    assert.equal(retried.migrated, 1)
    assert.equal(world.migrations.get(roots[2]!), 2)
    assert.deepEqual(
      world.callsOf('beginSpace').map((c) => c.input.track),
      [true, false],
      'a retry does not reset the row'
    )
    assert.equal(world.progress.get(space)?.status, 'completed')
    assert.equal(world.progress.get(space)?.error, '')
  })
})
