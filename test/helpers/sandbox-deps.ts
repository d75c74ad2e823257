import { after } from 'node:test'
import { loadConfig } from '../../src/config/index.js'
import { tableEnv } from '../../src/config/table-env.js'
import type { TableNames } from '../../src/config/types.js'
import type { Sandbox } from '../../src/sandbox/sandbox.js'
import { createDeps, type DepsOptions } from '../../src/workers/deps.js'
import { testStack } from './stack.js'

/**
 * The worker's real ports over a sandbox and a test file's own tables, built by the composition
 * root exactly as a worker builds them; closed when the file ends.
 */
export async function sandboxDeps(
  world: { sandbox: Pick<Sandbox, 'env'>; names: TableNames },
  options: DepsOptions = {}
) {
  const config = loadConfig(
    { ...(await testStack()), ...world.sandbox.env, ...tableEnv(world.names) },
    ['dynamo', 'services', 'publishing', 'signing']
  )
  const deps = await createDeps(config, { timeoutMs: 5_000, ...options })
  after(() => deps.close())
  return { config, deps }
}
