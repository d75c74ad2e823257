import type { SandboxOptions } from '../../src/sandbox/sandbox.js'
import type { SeedOptions } from '../../src/sandbox/seed/plan.js'
import { testWorld } from './test-world.js'

/**
 * A sandbox and tables of this file's own, seeded with a legacy world; closed when the file
 * ends. Call at the top level of a test file.
 */
export async function seededSandbox(
  seed: Partial<SeedOptions>,
  options: Omit<SandboxOptions, 'dir'> = {}
) {
  const world = await testWorld({ sandbox: options })
  const { uploads } = await world.seed(seed)
  return {
    sandbox: world.sandbox,
    client: world.dynamo,
    names: world.names,
    tables: world.tables,
    uploads,
  }
}
