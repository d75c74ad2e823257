import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, it } from 'node:test'
import { ensureChromium } from '../../src/stack/chromium.js'
import { MissingToolError } from '../../src/stack/tools.js'

const saved = process.env.CHROMIUM_PATH
afterEach(() => {
  if (saved === undefined) delete process.env.CHROMIUM_PATH
  else process.env.CHROMIUM_PATH = saved
})

describe('ensureChromium', () => {
  it('takes CHROMIUM_PATH when it runs', async () => {
    const fake = join(mkdtempSync(join(tmpdir(), 'chromium-')), 'chromium')
    writeFileSync(fake, '#!/bin/sh\necho "Chromium 1.0"\n')
    chmodSync(fake, 0o755)
    process.env.CHROMIUM_PATH = fake
    assert.equal(await ensureChromium(), fake)
  })

  it('says what is missing and how to get it, installing nothing unasked', async () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium'
    await assert.rejects(
      ensureChromium(),
      (err: unknown) =>
        err instanceof MissingToolError &&
        /npm run setup/.test(err.message) &&
        /CHROMIUM_PATH/.test(err.message)
    )
  })
})
