import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ensureCfnLint } from '../../src/stack/cfn-lint.js'
import { MissingToolError } from '../../src/stack/tools.js'

describe('cfn-lint discovery', () => {
  it('says how to install it when the cache has none and installing is not asked', async () => {
    await assert.rejects(
      ensureCfnLint({ cache: '/nonexistent/cache' }),
      (err: Error) => {
        assert.ok(err instanceof MissingToolError)
        assert.match(
          err.message,
          /cfn-lint 1\.58\.0 not found in \/nonexistent\/cache\/cfn-lint-1\.58\.0: run `npm run setup`/
        )
        return true
      }
    )
  })
})
