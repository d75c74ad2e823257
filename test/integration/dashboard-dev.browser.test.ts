import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { DashboardState } from '../../src/client/dashboard/index.js'
import { openBrowserPage, textOf, untilText } from '../helpers/browser.js'
import { spawnTs, watch } from '../helpers/processes.js'

describe('npm run dev -- --keep: the dashboard while a migration runs', () => {
  it('prints its URL, and the page follows the migration to its end', async (t) => {
    const opened = await openBrowserPage()
    if ('skip' in opened) return t.skip(opened.skip)
    const { browser, page, problems } = opened
    t.after(() => browser.close())
    const dir = mkdtempSync(join(tmpdir(), 'dev-dashboard-'))
    const child = spawnTs(
      'src/client/main.ts',
      [
        'dev',
        '--keep',
        '--headless',
        '--dir',
        dir,
        '--customers',
        '2',
        '--spaces',
        '1',
        '--uploads',
        '4',
      ],
      { ...process.env, ENV_FILE: '/nonexistent/.env' }
    )
    const run = watch(child)
    t.after(() => {
      if (child.exitCode === null) child.kill('SIGINT')
    })
    await run.waitFor(/Dashboard: http:\/\/\S+/)
    const url = /Dashboard: (http:\/\/\S+)/.exec(run.output())?.[1] ?? ''
    await page.goto(url, { waitUntil: 'load' })
    await page.waitForSelector('body[data-read-at]')
    await run.waitFor(/kept running/, 240_000)
    const processed = Number(
      /migrated: (\d+) uploads processed/.exec(run.output())?.[1]
    )
    assert.ok(processed > 0, run.output())
    await untilText(page, '#overall-processed', String(processed))
    assert.equal(await textOf(page, '#overall-percent'), '100.0%')
    const state = (await page.evaluate(() =>
      fetch('/api/state').then((res) => res.json())
    )) as DashboardState
    const counts = state.throughput.samples.map((s) => s.processed)
    // Read before the workers started, then as they went: the chart holds the run.
    assert.equal(counts[0], 0)
    assert.equal(counts.at(-1), processed)
    assert.ok(
      counts.every((n, i) => i === 0 || n >= counts[i - 1]!),
      `samples never go back: ${counts.join(',')}`
    )
    assert.deepEqual(problems, [])
    child.kill('SIGINT')
    assert.equal(await run.exit, 0, run.output())
  })
})
