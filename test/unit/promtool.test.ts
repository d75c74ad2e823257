import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, it } from 'node:test'
import { ensurePromtool } from '../../src/stack/promtool.js'
import { MissingToolError } from '../../src/stack/tools.js'

const saved = process.env.PROMTOOL_PATH
afterEach(() => {
  if (saved === undefined) delete process.env.PROMTOOL_PATH
  else process.env.PROMTOOL_PATH = saved
})

describe('ensurePromtool', () => {
  it('takes PROMTOOL_PATH when it runs, and runs it with any exit status', async () => {
    const fake = join(mkdtempSync(join(tmpdir(), 'promtool-')), 'promtool')
    writeFileSync(
      fake,
      '#!/bin/sh\n[ "$1" = --version ] && { echo "promtool, version 2"; exit 0; }\necho "FAILED: $*"; exit 1\n'
    )
    chmodSync(fake, 0o755)
    process.env.PROMTOOL_PATH = fake
    const promtool = await ensurePromtool({ cache: tmpdir() })
    assert.equal(promtool.path, fake)
    assert.deepEqual(await promtool.run(['test', 'rules', 'x.yml']), {
      code: 1,
      output: 'FAILED: test rules x.yml\n',
    })
  })

  it('says what is missing and how to get it, installing nothing unasked', async () => {
    process.env.PROMTOOL_PATH = '/nonexistent/promtool'
    await assert.rejects(
      ensurePromtool({ cache: mkdtempSync(join(tmpdir(), 'promtool-cache-')) }),
      (err: unknown) =>
        err instanceof MissingToolError &&
        /npm run setup/.test(err.message) &&
        /PROMTOOL_PATH/.test(err.message)
    )
  })
})
