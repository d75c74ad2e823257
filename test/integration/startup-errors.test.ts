import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { spawnTs, watch } from '../helpers/processes.js'

/** Starts the worker with nothing but the given variables (and no .env file). */
async function startWorker(env: Record<string, string>) {
  const watched = watch(
    spawnTs('src/workers/main.ts', [], {
      PATH: process.env.PATH,
      ENV_FILE: '/nonexistent/.env',
      ...env,
    })
  )
  return { code: await watched.exit, output: watched.output() }
}

describe('bad configuration at start-up', () => {
  it('rejects an unknown STORACHA_ENV with exit status 2', async () => {
    const { code, output } = await startWorker({ STORACHA_ENV: 'prodution' })
    assert.equal(code, 2)
    assert.match(
      output,
      /STORACHA_ENV must be one of production, staging, local \(got "prodution"\)/
    )
  })

  it('names each malformed value', async () => {
    const { code, output } = await startWorker({
      TEMPORAL_ADDRESS: 'http://localhost',
      MIGRATION_ENCRYPTION_KEY: 'short',
    })
    assert.equal(code, 2)
    assert.match(output, /TEMPORAL_ADDRESS must be host:port/)
    assert.match(
      output,
      /MIGRATION_ENCRYPTION_KEY must be 32 random bytes in base64/
    )
    assert.doesNotMatch(output, /short/)
  })

  it('refuses DRY_RUN rather than run with writes', async () => {
    const { code, output } = await startWorker({ DRY_RUN: 'true' })
    assert.equal(code, 2)
    assert.match(output, /DRY_RUN is not used by this tool/)
  })
})
