import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MockActivityEnvironment } from '@temporalio/testing'
import {
  activityCountProgress,
  countUploads,
} from '../../src/activities/count-uploads.js'
import type { UploadTable } from '../../src/services/dynamo/upload-table.js'
import type { UploadCount } from '../../src/workflows/types.js'

const SPACE = 'did:key:space'
/** The space's count pages, as DynamoDB would return them: 3 + 3 + 2 uploads. */
const PAGES = [
  { count: 3, cursor: 'root-2' },
  { count: 3, cursor: 'root-5' },
  { count: 2 },
]
const TOTAL = 8

class Crash extends Error {
  override name = 'Crash'
}

/**
 * The count pages of one space in memory, with every call recorded by the cursor it was given;
 * `crashAt` makes the call of that number (1-based) throw once, as a worker dying mid-count.
 */
function countPages(crashAt?: number) {
  const calls: (string | undefined)[] = []
  const table: Pick<UploadTable, 'countPage'> = {
    async countPage(space, cursor) {
      assert.equal(space, SPACE)
      calls.push(cursor)
      if (calls.length === crashAt) throw new Crash(`crash at ${cursor}`)
      const at = cursor === undefined ? 0 : 1 + pageEndingAt(cursor)
      const page = PAGES[at]
      if (!page) throw new Error(`no page after ${cursor}`)
      return page
    },
  }
  return { table, calls }
}

const pageEndingAt = (cursor: string) =>
  PAGES.findIndex((p) => p.cursor === cursor)

/**
 * Runs the count as Temporal would: each failed attempt is retried with the details it last
 * heartbeat, until one succeeds.
 */
async function retried(
  table: Pick<UploadTable, 'countPage'>,
  from?: UploadCount,
  first?: UploadCount
) {
  let details = first
  const beats: UploadCount[] = []
  for (let attempt = 1; attempt <= 5; attempt++) {
    const env = new MockActivityEnvironment({ heartbeatDetails: details })
    env.on('heartbeat', (d: UploadCount) => {
      details = structuredClone(d)
      beats.push(details)
    })
    try {
      const total = await env.run(() =>
        countUploads(table, SPACE, from, activityCountProgress())
      )
      return { total, attempt, beats }
    } catch (err) {
      if (!(err instanceof Crash)) throw err
    }
  }
  throw new Error('the count never finished')
}

describe('countUploads', () => {
  it('counts a space from the start, a page at a time, heartbeating where it stands', async () => {
    const { table, calls } = countPages()
    const { total, attempt, beats } = await retried(table)
    assert.equal(total, TOTAL)
    assert.equal(attempt, 1)
    assert.deepEqual(calls, [undefined, 'root-2', 'root-5'])
    assert.deepEqual(beats, [
      { counted: 3, cursor: 'root-2' },
      { counted: 6, cursor: 'root-5' },
      { counted: 8, cursor: undefined },
    ])
  })

  it('goes on from a count begun elsewhere (the first page, counted by beginSpace)', async () => {
    const { table, calls } = countPages()
    const { total } = await retried(table, { counted: 3, cursor: 'root-2' })
    assert.equal(total, TOTAL)
    assert.deepEqual(calls, ['root-2', 'root-5'])
  })

  it('resumes a crashed attempt from its last heartbeat: each page is counted once', async () => {
    const { table, calls } = countPages(3)
    const { total, attempt } = await retried(table)
    assert.equal(total, TOTAL)
    assert.equal(attempt, 2)
    // The third call crashed; the retry asks for that page again and for no page before it.
    assert.deepEqual(calls, [undefined, 'root-2', 'root-5', 'root-5'])
  })

  it('resumes from its heartbeat rather than from where the workflow began it', async () => {
    const { table, calls } = countPages(2)
    const { total, attempt } = await retried(table, {
      counted: 3,
      cursor: 'root-2',
    })
    assert.equal(total, TOTAL)
    assert.equal(attempt, 2)
    assert.deepEqual(calls, ['root-2', 'root-5', 'root-5'])
  })

  it('returns at once when its heartbeat says the count was done', async () => {
    const { table, calls } = countPages()
    const { total, beats } = await retried(
      table,
      { counted: 3, cursor: 'root-2' },
      { counted: TOTAL }
    )
    assert.equal(total, TOTAL)
    assert.deepEqual(calls, [])
    assert.deepEqual(beats, [])
  })

  it('counts an empty space with one page', async () => {
    const calls: (string | undefined)[] = []
    const empty: Pick<UploadTable, 'countPage'> = {
      countPage: async (_space, cursor) => {
        calls.push(cursor)
        return { count: 0 }
      },
    }
    const { total } = await retried(empty)
    assert.equal(total, 0)
    assert.deepEqual(calls, [undefined])
  })
})
