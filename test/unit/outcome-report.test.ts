import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import {
  fileOutcomeReport,
  reportEntry,
} from '../../src/activities/outcome-report.js'

describe('the per-run report', () => {
  it('appends one JSON line per outcome, in a file per instance and day', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'report-')), 'reports')
    const report = fileOutcomeReport(dir, 'local')
    const context = {
      customer: 'did:mailto:a.b:c',
      mode: 'full',
      instanceId: '1',
    }
    await report.write(
      reportEntry(
        {
          root: 'r1',
          space: 's',
          status: 'migrated',
          wrote: { index: true, claims: ['x', 'y'] },
        },
        context
      )
    )
    await report.write(
      reportEntry(
        {
          root: 'r2',
          space: 's',
          status: 'failed',
          wrote: { index: false, claims: [] },
          reason: 'SHARD_NOT_FOUND',
          step: 'index',
          error: 'gone',
        },
        context
      )
    )
    const [file, ...others] = readdirSync(dir)
    assert.deepEqual(others, [])
    assert.match(
      file ?? '',
      /^migration-report-local-1-\d{4}-\d{2}-\d{2}\.jsonl$/
    )
    const lines = readFileSync(join(dir, file!), 'utf8').trim().split('\n')
    const [first, second] = lines.map(
      (l) => JSON.parse(l) as Record<string, unknown>
    )
    assert.equal(lines.length, 2)
    assert.equal(first?.wroteIndex, true)
    assert.equal(first?.wroteClaims, 2)
    assert.equal(second?.reason, 'SHARD_NOT_FOUND')
    assert.equal(second?.customer, 'did:mailto:a.b:c')
  })
})
