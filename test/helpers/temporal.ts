import { after } from 'node:test'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { Client, Connection } from '@temporalio/client'
import {
  bundleWorkflowCode,
  NativeConnection,
  Worker,
  type WorkerOptions,
} from '@temporalio/worker'
import { setTimeout as sleep } from 'node:timers/promises'
import { quietLogger } from '../../src/sandbox/world/workflow-bundle.js'

const workflowsPath = fileURLToPath(
  new URL('../../src/workflows/index.ts', import.meta.url)
)

/**
 * A client and a worker factory on the test stack's Temporal server. The workflow bundle is
 * built once per file; each worker gets a task queue of its own so that files never share work.
 * Call at the top level of a test file.
 */
export async function testTemporal(env: Record<string, string>) {
  const address = env.TEMPORAL_ADDRESS ?? 'localhost:7233'
  const namespace = env.TEMPORAL_NAMESPACE ?? 'default'
  const connection = await Connection.connect({ address })
  const nativeConnection = await NativeConnection.connect({ address })
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath,
    logger: quietLogger,
  })
  after(async () => {
    await connection.close()
    await nativeConnection.close()
  })
  const client = new Client({ connection, namespace })
  return {
    client,
    namespace,
    createWorker: (
      options: Pick<WorkerOptions, 'activities'> & Partial<WorkerOptions>
    ) =>
      Worker.create({
        connection: nativeConnection,
        namespace,
        taskQueue: `test-${randomUUID()}`,
        workflowBundle,
        ...options,
      }),
  }
}

/** Visibility is eventually consistent: polls a list query until it returns `expected` executions. */
export async function listUntil(
  client: Client,
  query: string,
  expected: number,
  timeoutMs = 20_000
) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = []
    for await (const execution of client.workflow.list({ query }))
      found.push(execution)
    if (found.length === expected || Date.now() > deadline) return found
    await sleep(200)
  }
}
