import { after } from 'node:test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { prefixedTableNames } from '../../src/sandbox/world/prefixed-table-names.js'
import {
  createDynamoClient,
  createTables,
} from '../../src/services/dynamo/index.js'
import { startLocalStack } from '../../src/stack/local-stack.js'

/**
 * Call at the top level of a test file (its `after` hooks then run when the file ends).
 * The local stack `npm test` started (its addresses are in the environment). A test file run on
 * its own starts a stack of its own and stops it when the file ends.
 */
export function testStack(): Promise<Record<string, string>> {
  shared ??= stackForThisProcess()
  return shared
}

let shared: Promise<Record<string, string>> | undefined

async function stackForThisProcess(): Promise<Record<string, string>> {
  const {
    TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE,
    DYNAMODB_ENDPOINT,
    AWS_REGION,
  } = process.env
  if (
    TEMPORAL_ADDRESS &&
    TEMPORAL_NAMESPACE &&
    DYNAMODB_ENDPOINT &&
    AWS_REGION
  ) {
    return {
      STORACHA_ENV: 'local',
      TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE,
      DYNAMODB_ENDPOINT,
      AWS_REGION,
    }
  }
  const stack = await startLocalStack({
    dir: mkdtempSync(join(tmpdir(), 'test-stack-')),
    headless: true,
  })
  after(() => stack.stop())
  return stack.env
}

/** Every table, created under a prefix of its own so that test files never see each other's rows. */
export async function freshTables(env: Record<string, string>) {
  const names = prefixedTableNames(`t-${randomUUID().slice(0, 8)}`)
  const client = createDynamoClient({
    region: env.AWS_REGION ?? 'us-east-1',
    endpoint: env.DYNAMODB_ENDPOINT,
  })
  after(() => client.destroy())
  await createTables(client, names)
  return { client, names }
}
