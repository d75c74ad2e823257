import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix } from 'node:path'
import { after, describe, it } from 'node:test'
import dotenv from 'dotenv'
import { parse } from 'yaml'
import { loadConfig } from '../../src/config/load.js'
import { STACK_VARIABLES } from '../../src/sandbox/world/existing-stack.js'
import { workerProcessEnv } from '../../src/stack/worker-process-env.js'
import { WORKER_NEEDS } from '../../src/workers/worker-needs.js'
import { spawnTs, watch } from '../helpers/processes.js'
import { testStack } from '../helpers/stack.js'

interface Service {
  profiles?: string[]
  command?: string[]
  environment?: Record<string, string>
  volumes?: string[]
  network_mode?: string
}
const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as {
  services: Record<string, Service>
}
const service = (name: string): Service => {
  const found = compose.services[name]
  assert.ok(found, `service ${name}`)
  return found
}
const stack = await testStack()

/** The folder of this test that stands for the named volume mounted at `mount`. */
const volume = mkdtempSync(join(tmpdir(), 'compose-volume-'))
after(() => rmSync(volume, { recursive: true, force: true }))

/** A path inside the service's `demo` volume, on this machine. */
function onHost(s: Service, path: string): string {
  const mount = s.volumes
    ?.map((v) => v.split(':'))
    .find(([name]) => name === 'demo')?.[1]
  assert.ok(mount, 'the demo volume is mounted')
  const inside = posix.relative(mount, path)
  assert.ok(!inside.startsWith('..'), `${path} is in the volume at ${mount}`)
  return join(volume, inside)
}

/** The flag values of a command, paths inside the volume moved to this machine. */
function localArgs(s: Service, args: readonly string[]) {
  return args.map((arg, i) =>
    args[i - 1] === '--dir' || args[i - 1] === '--ready-file'
      ? onHost(s, arg)
      : arg
  )
}

/**
 * What a service's process sees: the env file ENV_FILE names, if any (the sandbox's, in the
 * volume), under the service's own variables, which win as they do over a file in loadEnvFile.
 */
function environmentOf(s: Service): Record<string, string> {
  const { ENV_FILE, ...own } = s.environment ?? {}
  const file = ENV_FILE ? dotenv.parse(readFileSync(onHost(s, ENV_FILE))) : {}
  return { ...file, ...own }
}

describe('docker-compose.yml, demo profile (without Docker)', () => {
  it("gives the worker every variable the worker's configuration requires", async (t) => {
    const sandbox = service('sandbox')
    const worker = service('worker')
    const demo = service('demo')
    for (const s of [sandbox, worker, demo])
      assert.deepEqual(s.profiles, ['demo'])
    for (const s of [worker, demo])
      assert.equal(s.network_mode, 'service:sandbox', 'the sandbox’s 127.0.0.1')
    for (const name of STACK_VARIABLES)
      assert.ok(sandbox.environment?.[name], `sandbox has ${name}`)

    const [npx, tsx, script, ...args] = sandbox.command ?? []
    assert.deepEqual([npx, tsx], ['npx', 'tsx'])
    assert.ok(args.includes('--use-stack'))
    // The compose stack's addresses are the test stack's here, and the tables are the file's own.
    const addresses = Object.fromEntries(
      STACK_VARIABLES.map((name) => [name, stack[name]!])
    )
    const child = spawnTs(
      script!,
      [
        ...localArgs(sandbox, args),
        '--table-prefix',
        `t-${randomUUID().slice(0, 8)}`,
      ],
      workerProcessEnv({ ...sandbox.environment, ...addresses })
    )
    t.after(() => child.kill('SIGKILL'))
    const run = watch(child)
    const readyFile = onHost(sandbox, args[args.indexOf('--ready-file') + 1]!)
    try {
      await run.waitFor(/Sandbox is up/)
      assert.ok(existsSync(readyFile), 'the healthcheck file')

      const workerConfig = loadConfig(environmentOf(worker), WORKER_NEEDS)
      assert.equal(workerConfig.env, 'local')
      assert.equal(workerConfig.temporal.address, stack.TEMPORAL_ADDRESS)
      loadConfig(environmentOf(demo), ['dynamo', 'temporal'])
    } finally {
      child.kill('SIGTERM')
    }
    assert.equal(await run.exit, 0, run.output())
    assert.ok(!existsSync(readyFile), 'the healthcheck file goes with it')
  })
})
