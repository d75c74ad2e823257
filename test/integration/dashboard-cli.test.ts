import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { tableEnv } from '../../src/config/table-env.js'
import type { DashboardState } from '../../src/client/dashboard/index.js'
import { useTables } from '../../src/services/dynamo/index.js'
import { spawnTs, watch } from '../helpers/processes.js'
import { freshTables, testStack } from '../helpers/stack.js'

const env = await testStack()
const { client, names } = await freshTables(env)
const tables = useTables(client, names)

describe('dashboard: the failures of a reason, paged over DynamoDB', () => {
  it('returns every failure of the reason once, across scan pages cut short', async () => {
    const wanted = new Set<string>()
    for (let i = 0; i < 23; i++) {
      const reason = i % 3 === 0 ? 'SHARD_SIZE_UNKNOWN' : 'SHARD_NOT_FOUND'
      const root = `bafyPaged${String(i).padStart(2, '0')}`
      if (reason === 'SHARD_NOT_FOUND') wanted.add(root)
      await tables.migrationFailures.record({
        space: `did:key:z6MkPaged${i % 4}`,
        root,
        customer: 'did:mailto:paged.example:a',
        step: 'check',
        reason,
        error: reason,
      })
    }
    const seen: string[] = []
    let cursor: string | undefined
    let calls = 0
    do {
      const page = await tables.migrationFailures.reasonPage(
        'SHARD_NOT_FOUND',
        { cursor, limit: 4, pageSize: 3, maxPages: 2 }
      )
      assert.ok(page.items.length <= 4)
      assert.ok(page.items.every((f) => f.reason === 'SHARD_NOT_FOUND'))
      seen.push(...page.items.map((f) => f.root))
      cursor = page.cursor
      calls++
    } while (cursor && calls < 100)
    assert.equal(seen.length, wanted.size)
    assert.deepEqual(new Set(seen), wanted)
  })
})

describe('npm run cli -- dashboard', () => {
  it('serves the page, uPlot and the state of the tables until Ctrl+C', async () => {
    await tables.migrationCustomers.assign('did:mailto:cli.example:a', {
      instanceId: '1',
      totalSpaces: 3,
      totalUploads: 1234,
    })
    const child = spawnTs(
      'src/client/main.ts',
      ['dashboard', '--port', '0', '--interval', '1'],
      {
        ...process.env,
        ...env,
        ...tableEnv(names),
        TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
        ENV_FILE: '/nonexistent/.env',
      }
    )
    const run = watch(child)
    try {
      await run.waitFor(/Dashboard: http:\/\/\S+/)
      const url = /Dashboard: (http:\/\/\S+)/.exec(run.output())?.[1] ?? ''
      const page = await fetch(url)
      assert.equal(page.status, 200)
      assert.match(await page.text(), /<title>Storacha migration<\/title>/)
      const uplot = await fetch(new URL('/assets/uPlot.iife.min.js', url))
      assert.equal(uplot.status, 200)
      assert.match(await uplot.text(), /uPlot/)
      const state = (await (
        await fetch(new URL('/api/state', url))
      ).json()) as DashboardState
      assert.equal(state.overall.planned.uploads, 1234)
      assert.equal(state.instances[0]?.key, '1')
      assert.match(
        state.instances[0]?.link ?? '',
        /^http:\/\/127\.0\.0\.1:8233\/namespaces\/default\/workflows\/migration%2Flocal%2Ffull%2Finstance%2F1$/
      )
      const missing = await fetch(new URL('/nothing', url))
      assert.equal(missing.status, 404)
    } finally {
      child.kill('SIGINT')
    }
    assert.equal(await run.exit, 0, run.output())
  })
})
