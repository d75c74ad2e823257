/**
 * `npm test`: makes sure the tools are there (installing what is missing), starts one local stack
 * for the whole run, runs Node's test runner over the chosen tiers with the stack's addresses in
 * the environment, and stops the stack. `npm test -- unit` runs one tier.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLocalStack } from '../src/stack/local-stack.js'

const TIERS = ['unit', 'workflows', 'integration'] as const
const chosen = process.argv.slice(2)
const unknown = chosen.filter(
  (tier) => !(TIERS as readonly string[]).includes(tier)
)
if (unknown.length > 0) {
  console.error(
    `unknown test tier ${unknown.join(', ')}: choose from ${TIERS.join(', ')}`
  )
  process.exit(2)
}
const tiers = chosen.length > 0 ? chosen : [...TIERS]
const files = tiers.flatMap((tier) =>
  readdirSync(join('test', tier))
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => join('test', tier, name))
)

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

const runner = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-timeout=300000',
    ...files,
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, ...stack.env, TEST_STACK_DIR: dir },
  }
)
const forward = (signal: NodeJS.Signals) => runner.kill(signal)
process.on('SIGINT', forward)
process.on('SIGTERM', forward)
const code = await new Promise<number>((resolve) =>
  runner.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)))
)
await stack.stop()
rmSync(dir, { recursive: true, force: true })
process.exit(code)
