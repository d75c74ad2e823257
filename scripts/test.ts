/**
 * `npm test`: makes sure the tools are there (installing what is missing), starts one local stack
 * for the whole run, runs Node's test runner over the chosen tiers with the stack's addresses in
 * the environment, and stops the stack. Then it runs the unit tier once more on each pinned Node.js
 * release (`unit-node22`, `unit-node24`; installed into the cache if missing), without a stack.
 * It fails when any run fails. `npm test -- unit` runs one tier.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLocalStack } from '../src/stack/local-stack.js'
import { ensureNodeRuntime, NODE_RUNTIMES } from '../src/stack/node-runtime.js'

const STACK_TIERS = ['unit', 'workflows', 'integration'] as const
const RUNTIME_TIERS = new Map(
  NODE_RUNTIMES.map((version) => [`unit-node${version.split('.')[0]}`, version])
)
const TIERS = [...STACK_TIERS, ...RUNTIME_TIERS.keys()]
const chosen = process.argv.slice(2)
const unknown = chosen.filter((tier) => !TIERS.includes(tier))
if (unknown.length > 0) {
  console.error(
    `unknown test tier ${unknown.join(', ')}: choose from ${TIERS.join(', ')}`
  )
  process.exit(2)
}
const tiers = chosen.length > 0 ? chosen : TIERS
const testFiles = (tier: string) =>
  readdirSync(join('test', tier))
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => join('test', tier, name))

let current: ReturnType<typeof spawn> | undefined
const forward = (signal: NodeJS.Signals) => current?.kill(signal)
process.on('SIGINT', forward)
process.on('SIGTERM', forward)

/** Node's test runner under `node`, over `files`; resolves with its exit status. */
function runTests(
  node: string,
  files: string[],
  env: NodeJS.ProcessEnv
): Promise<number> {
  current = spawn(
    node,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-timeout=300000',
      ...files,
    ],
    { stdio: 'inherit', env }
  )
  const runner = current
  return new Promise<number>((resolve) =>
    runner.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)))
  )
}

async function runStackTiers(files: string[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'migration-test-stack-'))
  const started = Date.now()
  const stack = await startLocalStack({
    dir,
    headless: true,
    install: true,
    log: console.log,
  }).catch((err: Error) => {
    console.error(`Could not start the local stack: ${err.message}`)
    process.exit(1)
  })
  console.log(
    `local stack up in ${((Date.now() - started) / 1000).toFixed(1)}s: Temporal ${stack.temporal.address}, DynamoDB ${stack.dynamo.endpoint}`
  )
  const code = await runTests(process.execPath, files, {
    ...process.env,
    ...stack.env,
    TEST_STACK_DIR: dir,
  })
  await stack.stop()
  rmSync(dir, { recursive: true, force: true })
  return code
}

async function runOnRuntime(tier: string, version: string): Promise<number> {
  const runtime = await ensureNodeRuntime(version, {
    install: true,
    log: console.log,
  }).catch((err: Error) => {
    console.error(`${tier}: ${err.message}`)
    return undefined
  })
  if (!runtime) return 1
  console.log(
    `${tier}: the unit tier on Node.js ${runtime.version} (${runtime.path})`
  )
  const started = Date.now()
  const code = await runTests(runtime.path, testFiles('unit'), process.env)
  console.log(
    `${tier}: exit ${code} in ${((Date.now() - started) / 1000).toFixed(1)}s`
  )
  return code
}

const codes: number[] = []
const stackFiles = tiers
  .filter((tier) => (STACK_TIERS as readonly string[]).includes(tier))
  .flatMap(testFiles)
if (stackFiles.length > 0) codes.push(await runStackTiers(stackFiles))
for (const tier of tiers) {
  const version = RUNTIME_TIERS.get(tier)
  if (version) codes.push(await runOnRuntime(tier, version))
}
process.exit(codes.find((code) => code !== 0) ?? 0)
