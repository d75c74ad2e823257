import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { describe, it } from 'node:test'
import { WORKFLOW_BUNDLE } from '../../scripts/build/layout.js'
import { DEV_WORLD } from '../../src/client/dev/dev-world.js'
import {
  ensureNodeRuntime,
  NODE_RUNTIMES,
} from '../../src/stack/node-runtime.js'
import { workerProcessEnv } from '../../src/stack/worker-process-env.js'
import type { InstanceResult } from '../../src/workflows/types.js'
import { compiledBuild } from '../helpers/compiled-build.js'
import { readDockerfile, stages } from '../helpers/dockerfile.js'
import { migrationWorld } from '../helpers/migration-world.js'
import { watch } from '../helpers/processes.js'
import { assertNoDuplicateSideEffects } from '../helpers/side-effects.js'

const dockerfile = stages(readDockerfile('Dockerfile'))
const runtimeStage = [...dockerfile.values()].at(-1)!
const [world, build, node] = await Promise.all([
  migrationWorld(DEV_WORLD),
  compiledBuild(),
  imageNode(runtimeStage[0]!.args[0]!),
])

/** The pinned Node.js release of the image's major version (`node:24-…`), installed if missing. */
function imageNode(image: string) {
  const major = /^node:(\d+)/.exec(image)?.[1]
  const version = NODE_RUNTIMES.find((v) => v.startsWith(`${major}.`))
  assert.ok(version, `a pinned Node.js ${major} for ${image}`)
  return ensureNodeRuntime(version, { install: true })
}

/** A run label of this file's own keeps its workflow IDs apart from other files' on the server. */
const RUN_ENV = 'local-compiled-worker'
const POLLING = /worker \S+:(\d+) polling .*, process (\d) of 2/g
const EXPECTED_FAILURES: Record<string, string> = {
  'no-shards-no-index': 'NO_SHARDS_NO_INDEX',
  'missing-size': 'SHARD_SIZE_UNKNOWN',
  'missing-blob': 'SHARD_NOT_FOUND',
}

/**
 * Plain `node` of the image's major version on the build's JavaScript: no loader in its flags or
 * in NODE_OPTIONS.
 */
function compiled(entry: string, args: readonly string[]) {
  const env = workerProcessEnv(world.env)
  delete env.NODE_OPTIONS
  return spawn(node.path, [join(build.dist, entry), ...args], {
    cwd: build.root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** The command line of a running process, as the kernel has it. */
const commandLine = (pid: number) =>
  readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)

describe('the compiled worker (npm run build, production dependencies only, the image’s Node)', () => {
  it('migrates the dev world end to end under plain node', async (t) => {
    const host = compiled('workers/main.js', [
      '--processes',
      '2',
      '--workflow-bundle',
      join(build.dist, WORKFLOW_BUNDLE),
      '--shutdown-grace',
      '2',
      '--log-level',
      'WARN',
    ])
    t.after(() => host.kill('SIGKILL'))
    const watched = watch(host)
    await watched.waitFor(
      /process 1 of 2[\s\S]*process 2 of 2|process 2 of 2[\s\S]*process 1 of 2/
    )
    const pids = [...watched.output().matchAll(POLLING)].map((m) =>
      Number(m[1])
    )
    assert.equal(pids.length, 2, watched.output())
    for (const pid of [host.pid!, ...pids]) {
      const [binary, entry, ...flags] = commandLine(pid)
      assert.equal(binary, node.path)
      assert.equal(entry, join(build.dist, 'workers', 'main.js'))
      assert.ok(!flags.some((f) => f.includes('tsx')), flags.join(' '))
    }

    const handle = await world.startInstance('compiled', { env: RUN_ENV })
    const result: InstanceResult = await handle.result()
    t.diagnostic(
      `${result.processed} uploads: ${result.migrated} migrated, ${result.alreadyMigrated} already migrated, ${result.failed} failed`
    )
    assert.ok(world.uploads.length > 0)
    assert.equal(result.processed, world.uploads.length)
    assert.equal(result.customers, world.customers.length)
    assert.equal(
      result.migrated + result.alreadyMigrated + result.failed,
      result.processed
    )
    // Every failure is a broken upload with its reason; each broken upload not migrated before fails.
    const failures = await world.failureRows()
    assert.equal(failures.length, result.failed)
    const failed = failures.map((row) => {
      const upload = world.uploads.find((u) => u.root === row.root)
      assert.ok(upload, row.root)
      assert.equal(row.reason, EXPECTED_FAILURES[upload.quirk], upload.quirk)
      return upload
    })
    const broken = world.uploads.filter(
      (u) => u.state === 'not-started' && EXPECTED_FAILURES[u.quirk]
    )
    assert.ok(broken.length > 0, 'the dev world has broken uploads')
    for (const upload of broken)
      assert.ok(failed.includes(upload), upload.quirk)
    const authorized = new Set<string>()
    for (const upload of world.uploads) {
      const row = await world.tables.migrationProgress.get(
        upload.customer,
        upload.space
      )
      assert.equal(row?.completedUploads, row?.totalUploads, upload.space)
      if (row?.gatewayDelegation) authorized.add(upload.space)
    }
    assert.ok(authorized.size > 0, 'some spaces are authorized at the gateway')
    for (const upload of world.uploads) {
      if (failed.includes(upload) || !authorized.has(upload.space)) continue
      const res = await fetch(
        `${world.sandbox.gateway.url}/ipfs/${upload.root}`,
        { method: 'HEAD' }
      )
      assert.equal(res.status, 200, `${upload.state}/${upload.quirk}`)
    }
    assertNoDuplicateSideEffects(world.sandbox)

    host.kill('SIGTERM')
    assert.equal(await watched.exit, 0, watched.output())
  })

  it('the compiled CLI reads the result: stats --json', async () => {
    const child = compiled('client/main.js', ['stats', '--json'])
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    const stats = watch(child)
    assert.equal(await stats.exit, 0, stats.output())
    const json = JSON.parse(stdout)
    assert.equal(json.uploads.processed, world.uploads.length)
    assert.equal(json.failedUploads.total, (await world.failureRows()).length)
  })

  it("the image ships this build's dist/, and its CMD runs files the build makes", () => {
    const cmd = runtimeStage.find((i) => i.keyword === 'CMD')!.args
    assert.equal(cmd[0], 'node')
    const workdir = runtimeStage.find((i) => i.keyword === 'WORKDIR')!.args[0]!
    const shipped = runtimeStage
      .filter((i) => i.keyword === 'COPY' && i.flags.includes('--from=build'))
      .map((i) =>
        posix.relative(workdir, posix.resolve(workdir, i.args.at(-1)!))
      )
    assert.deepEqual(shipped, ['dist'])
    const files = cmd.filter((arg) => arg.startsWith('dist/'))
    assert.deepEqual(files, ['dist/workers/main.js', `dist/${WORKFLOW_BUNDLE}`])
    for (const file of files)
      assert.ok(existsSync(join(build.root, file)), `${file} is built`)
  })
})
