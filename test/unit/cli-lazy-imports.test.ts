import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, it } from 'node:test'
import { promisify } from 'node:util'

const run = promisify(execFile)
const ROOT = pathToFileURL(join(import.meta.dirname, '../..')).href

/**
 * A load hook that appends the URL of every ES module the process loads to $MODULE_LOG. Hooks
 * run on their own thread, so they write to a file rather than to the test's memory.
 */
const LOG_LOADS = `
import { appendFileSync } from 'node:fs'
export async function load(url, context, nextLoad) {
  appendFileSync(process.env.MODULE_LOG, url + '\\n')
  return nextLoad(url, context)
}`
const REGISTER = `import { register } from 'node:module'
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(LOG_LOADS)}`)})`

/** The modules `main.ts <args>` loads, as URLs relative to the repository. */
async function modulesLoadedBy(args: readonly string[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cli-imports-'))
  const log = join(dir, 'modules.log')
  try {
    await run(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        `data:text/javascript,${encodeURIComponent(REGISTER)}`,
        'src/client/main.ts',
        ...args,
      ],
      { env: { ...process.env, MODULE_LOG: log } }
    )
    return readFileSync(log, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith(ROOT))
      .map((url) => url.slice(ROOT.length + 1))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const HEAVY = [
  { what: 'the sandbox', path: 'src/sandbox/' },
  { what: 'the worker runtime', path: 'node_modules/@temporalio/worker/' },
  { what: 'the activities', path: 'src/activities/' },
]

describe('the CLI loads what only one command needs in that command alone', () => {
  for (const command of ['stats', 'dev', 'worker'])
    it(`${command} --help loads neither the sandbox nor the worker runtime`, async () => {
      const loaded = await modulesLoadedBy([command, '--help'])
      assert.ok(
        loaded.includes('src/client/main.ts') &&
          loaded.some((path) => path.startsWith(`src/client/${command}/`)),
        `the hook saw the CLI load its ${command} command:\n${loaded.join('\n')}`
      )
      for (const { what, path } of HEAVY)
        assert.deepEqual(
          loaded.filter((module) => module.startsWith(path)),
          [],
          `${command} --help loaded ${what}`
        )
    })
})
