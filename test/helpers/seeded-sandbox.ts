import { after } from 'node:test'
import { startSandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js'
import {
  DEFAULT_SEED_OPTIONS,
  type SeedOptions,
} from '../../src/sandbox/seed/plan.js'
import type { SeededUpload } from '../../src/sandbox/seed/seed-legacy-world.js'
import { seedSandbox } from '../../src/sandbox/seed/seed-sandbox.js'
import { useTables } from '../../src/services/dynamo/index.js'
import { freshTables, testStack } from './stack.js'

/**
 * A sandbox and tables of this file's own, seeded with a legacy world; closed when the file
 * ends. Call at the top level of a test file.
 */
export async function seededSandbox(
  seed: Partial<SeedOptions>,
  options: SandboxOptions = {}
) {
  const sandbox = await startSandbox(options)
  after(() => sandbox.close())
  const { client, names } = await freshTables(await testStack())
  const uploads: SeededUpload[] = []
  await seedSandbox(
    sandbox,
    { client, tables: names },
    { ...DEFAULT_SEED_OPTIONS, ...seed },
    (u) => uploads.push(u)
  )
  return { sandbox, client, names, tables: useTables(client, names), uploads }
}
