import assert from 'node:assert/strict'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { LogLevel } from '@temporalio/worker'
import { secretValues } from '../../src/config/secret-values.js'
import { createLog, REDACTED, scrub } from '../../src/workers/log.js'
import { temporalLogger } from '../../src/workers/temporal-logger.js'

/** A real log into a file of its own, and a way to read its lines back. */
async function fileLog(level: LogLevel, secrets?: string[]) {
  const file = join(await mkdtemp(join(tmpdir(), 'log-')), 'sub', 'log.jsonl')
  const log = createLog({ level, file, secrets })
  const text = () => readFile(file, 'utf8')
  const lines = async () =>
    (await text())
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  return { log, text, lines }
}

const KEY =
  'MgCZT5vOnYZoVAeyjnzuJIVY9J4LNtJ+f8Js0cTPuKUpFne0BVEDJjEu6quFIU8yp91/TY/+MYK8GIlKoTOnqyNA84VitTM='

describe('createLog', () => {
  it('writes one JSON object per line, with the level by name and an ISO time', async () => {
    const { log, lines } = await fileLog('INFO')
    log.info({ event: 'x', n: 1 }, 'hello')
    log.debug('not at info')
    const [line, ...rest] = await lines()
    assert.deepEqual(rest, [])
    assert.equal(line!.level, 'info')
    assert.equal(line!.msg, 'hello')
    assert.equal(line!.n, 1)
    assert.equal(new Date(String(line!.time)).toISOString(), line!.time)
  })

  it('redacts secret fields at the top level and one object down', async () => {
    const { log, text, lines } = await fileLog('INFO')
    log.info({
      proof: KEY,
      signing: { gatewayKey: KEY },
      config: { apiKey: KEY, encryptionKey: KEY },
      credentials: { accessKeyId: KEY, secretAccessKey: KEY },
      headers: { authorization: `Bearer ${KEY}` },
      delegation: KEY,
    })
    const [line] = await lines()
    assert.equal(line!.proof, REDACTED)
    assert.equal(line!.signing, REDACTED)
    assert.deepEqual(line!.config, {
      apiKey: REDACTED,
      encryptionKey: REDACTED,
    })
    assert.equal(
      (line!.headers as Record<string, string>).authorization,
      REDACTED
    )
    assert.ok(!(await text()).includes(KEY.slice(0, 20)))
  })

  it('scrubs the configured secret values from any message or field', async () => {
    const { log, text } = await fileLog('INFO', [KEY, 'short'])
    log.warn({ error: `invalid proof ${KEY} given` }, `bad key ${KEY}`)
    log.info('a short word stays')
    const out = await text()
    assert.ok(!out.includes(KEY), out)
    assert.equal(out.split(REDACTED).length - 1, 2)
    assert.match(out, /a short word stays/)
  })

  it('scrub replaces a secret as JSON escapes it', () => {
    const secret = 'line"with\\escapes-and-length'
    const line = JSON.stringify({ msg: `x ${secret} y` })
    assert.equal(
      scrub(line, [secret]),
      JSON.stringify({ msg: `x ${REDACTED} y` })
    )
  })
})

describe('secretValues', () => {
  it('takes every secret setting, its aliases and the AWS credential variables', () => {
    const values = secretValues({
      GATEWAY_PRIVATE_KEY: 'gw-key',
      SERVICE_PRIVATE_KEY: 'alias-key',
      INDEXING_SERVICE_PROOF: 'proof',
      MIGRATION_ENCRYPTION_KEY: 'enc',
      TEMPORAL_API_KEY: 'api',
      R2_SECRET_ACCESS_KEY: 'r2',
      AWS_SECRET_ACCESS_KEY: 'aws',
      AWS_SESSION_TOKEN: 'session',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
    })
    assert.deepEqual([...values].sort(), [
      'alias-key',
      'api',
      'aws',
      'enc',
      'gw-key',
      'proof',
      'r2',
      'session',
    ])
  })
})

describe('temporalLogger', () => {
  it('writes the SDK’s lines through pino at their level, errors as name and message', async () => {
    const { log, lines } = await fileLog('INFO')
    const logger = temporalLogger(log)
    logger.debug('dropped at info')
    logger.info('worker state changed', { state: 'RUNNING', n: 10n })
    logger.log('ERROR', 'activity failed', { error: new TypeError('boom') })
    const out = await lines()
    assert.deepEqual(
      out.map((l) => [l.level, l.msg]),
      [
        ['info', 'worker state changed'],
        ['error', 'activity failed'],
      ]
    )
    assert.equal(out[0]!.n, '10')
    assert.deepEqual(out[1]!.error, { name: 'TypeError', message: 'boom' })
  })
})
