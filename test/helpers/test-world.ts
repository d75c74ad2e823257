import { after } from 'node:test'
import { randomUUID } from 'node:crypto'
import type { SandboxOptions } from '../../src/sandbox/sandbox.js'
import { startWorld } from '../../src/sandbox/world/start-world.js'
import { testStack } from './stack.js'

/**
 * A world on the test stack with a sandbox and tables of this file's own, stopped when the file
 * ends. Call at the top level of a test file.
 */
export async function testWorld(
  options: {
    sandbox?: Omit<SandboxOptions, 'dir'>
    /** Another Temporal server than the test stack's (one this file restarts). */
    temporalAddress?: string
    taskQueue?: string
  } = {}
) {
  const env = {
    ...(await testStack()),
    ...(options.temporalAddress
      ? { TEMPORAL_ADDRESS: options.temporalAddress }
      : {}),
  }
  const world = await startWorld({
    stack: { kind: 'existing', env },
    sandbox: options.sandbox,
    tablePrefix: `t-${randomUUID().slice(0, 8)}`,
    taskQueue: options.taskQueue,
  })
  after(() => world.stop())
  return world
}
