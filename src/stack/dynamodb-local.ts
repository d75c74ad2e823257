import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { join } from 'node:path'
import { createDynamoClient } from '../services/dynamo/client.js'
import { freePort } from './free-port.js'
import { type ManagedProcess, startProcess } from './managed-process.js'
import { retryOnPortClash } from './retry-on-port-clash.js'
import { waitUntilReady } from './wait-until-ready.js'

export interface DynamoDbLocalOptions {
  java: string
  /** The folder holding DynamoDBLocal.jar and DynamoDBLocal_lib. */
  dir: string
  port?: number
  /** Keep tables in this folder across restarts; in memory when unset. */
  dataDir?: string
  logDir?: string
}

export interface DynamoDbLocal {
  endpoint: string
  region: string
  process: ManagedProcess
  stop(): Promise<void>
}

export const LOCAL_REGION = 'us-east-1'

export function startDynamoDbLocal(
  options: DynamoDbLocalOptions
): Promise<DynamoDbLocal> {
  return retryOnPortClash(() => startOnce(options))
}

async function startOnce(
  options: DynamoDbLocalOptions
): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort())
  const args = [
    `-Djava.library.path=${join(options.dir, 'DynamoDBLocal_lib')}`,
    '-Xmx512m',
    '-jar',
    join(options.dir, 'DynamoDBLocal.jar'),
    ...(options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory']),
    '-sharedDb',
    '-port',
    String(port),
    '-disableTelemetry',
  ]
  const child = startProcess('DynamoDB Local', options.java, args, {
    logFile: options.logDir ? join(options.logDir, 'dynamodb.log') : undefined,
  })
  const endpoint = `http://127.0.0.1:${port}`
  const client = createDynamoClient(
    { region: LOCAL_REGION, endpoint },
    { maxAttempts: 1, requestTimeoutMs: 2_000 }
  )
  try {
    await waitUntilReady(child, () => client.send(new ListTablesCommand({})))
  } finally {
    client.destroy()
  }
  return {
    endpoint,
    region: LOCAL_REGION,
    process: child,
    stop: () => child.stop(),
  }
}
