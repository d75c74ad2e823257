import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { spawnTs, watch } from '../helpers/processes.js'

describe('npm run dev: the embedded default, end to end', () => {
  it('starts everything, migrates the demo world, monitors, verifies and stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dev-'))
    const run = watch(
      spawnTs(
        'src/client/main.ts',
        [
          'dev',
          '--headless',
          '--dir',
          dir,
          '--customers',
          '3',
          '--spaces',
          '1',
          '--uploads',
          '4',
        ],
        { ...process.env, ENV_FILE: '/nonexistent/.env' }
      )
    )
    const code = await run.exit
    const output = run.output()
    assert.equal(code, 0, output)
    assert.match(output, /seeded 3 customers/)
    assert.match(output, /Distribution Files/)
    assert.match(output, /started migration\/local\/full\/instance\/1/)
    assert.match(output, /migrated: (\d+) uploads processed \(100\.0% of \1\)/)
    assert.match(output, /Migration Progress Overview/)
    assert.match(output, /Uploads verified: \d+\/\d+/)
  })
})
