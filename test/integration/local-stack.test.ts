import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { freePort } from '../../src/stack/free-port.js'
import { findTemporalCli } from '../../src/stack/tools.js'
import { childPids, spawnTs, untilGone, watch } from '../helpers/processes.js'

const run = promisify(execFile)
const READY = /Ctrl-C stops everything/

async function startForegroundStack() {
  const [port, uiPort, dynamoPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ]
  const dir = mkdtempSync(join(tmpdir(), 'stack-lifecycle-'))
  const child = spawnTs(
    'scripts/stack.ts',
    [
      '--dir',
      dir,
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--dynamodb-port',
      String(dynamoPort),
    ],
    process.env
  )
  // A failed assertion must not leave the stack running (its servers die with it).
  after(() => child.kill('SIGKILL'))
  const watched = watch(child)
  await watched.waitFor(READY)
  return {
    child,
    watched,
    dir,
    port,
    uiPort,
    dynamoPort,
    servers: childPids(child.pid ?? -1, ['temporal', 'java']),
  }
}

describe('npm run stack', () => {
  it('serves the temporal CLI and the Web UI, and Ctrl-C leaves no process behind', async () => {
    const stack = await startForegroundStack()
    assert.equal(
      stack.servers.length,
      2,
      `expected Temporal and DynamoDB Local as children, got ${stack.servers}`
    )

    const cli = await findTemporalCli()
    assert.ok(cli)
    const listed = await run(cli, [
      'workflow',
      'list',
      '--address',
      `127.0.0.1:${stack.port}`,
      '--namespace',
      'default',
    ])
    assert.equal(listed.stderr, '')
    const ui = await fetch(`http://127.0.0.1:${stack.uiPort}/`, {
      signal: AbortSignal.timeout(5_000),
    })
    assert.equal(ui.status, 200)
    const envFile = readFileSync(join(stack.dir, 'stack.env'), 'utf8')
    assert.match(
      envFile,
      new RegExp(`^TEMPORAL_ADDRESS=127.0.0.1:${stack.port}$`, 'm')
    )
    assert.match(
      envFile,
      new RegExp(
        `^DYNAMODB_ENDPOINT=http://127.0.0.1:${stack.dynamoPort}$`,
        'm'
      )
    )

    stack.child.kill('SIGINT')
    assert.equal(await stack.watched.exit, 0)
    assert.match(stack.watched.output(), /Stopped\./)
    assert.deepEqual(await untilGone(stack.servers), [])
  })

  it('takes its servers down with it even when killed with SIGKILL', async () => {
    const stack = await startForegroundStack()
    stack.child.kill('SIGKILL')
    await stack.watched.exit
    assert.deepEqual(await untilGone(stack.servers), [])
  })
})
