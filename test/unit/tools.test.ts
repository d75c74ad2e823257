import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  cacheDir,
  findTemporalCli,
  MissingToolError,
} from '../../src/stack/tools.js'

describe('tool discovery', () => {
  it('keeps its cache outside the tracked tree', () => {
    assert.equal(
      cacheDir({ HOME: '/home/op', XDG_CACHE_HOME: '/var/cache' }),
      '/var/cache/storacha-migration'
    )
    assert.equal(cacheDir({ STORACHA_MIGRATION_CACHE: '/opt/c' }), '/opt/c')
  })

  it('says which TEMPORAL_CLI_PATH does not work', async () => {
    await assert.rejects(
      findTemporalCli({ TEMPORAL_CLI_PATH: '/nonexistent/temporal' }),
      (err: Error) => {
        assert.ok(err instanceof MissingToolError)
        assert.match(
          err.message,
          /TEMPORAL_CLI_PATH=\/nonexistent\/temporal is not a working temporal binary/
        )
        return true
      }
    )
  })

  it('finds nothing where nothing is installed', async () => {
    assert.equal(
      await findTemporalCli({
        PATH: '/nonexistent',
        STORACHA_MIGRATION_CACHE: '/nonexistent',
      }),
      undefined
    )
  })
})
