import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../config/load.js'
import { createDynamoClient } from '../services/dynamo/client.js'
import { createTables } from '../services/dynamo/create-tables.js'
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js'
import {
  startTemporalDevServer,
  type TemporalDevServer,
} from './temporal-dev-server.js'
import { ensureTools } from './tools.js'

export interface LocalStackOptions {
  /** Folder for logs, the env file and (with `persist`) the data. */
  dir: string
  /** Keep workflows and tables across restarts (SQLite file and DynamoDB data folder in `dir`). */
  persist?: boolean
  namespace?: string
  headless?: boolean
  temporalPort?: number
  uiPort?: number
  dynamoPort?: number
  dynamicConfig?: Readonly<Record<string, unknown>>
  /** Install missing tools instead of failing. */
  install?: boolean
  log?: (line: string) => void
}

export interface LocalStack {
  temporal: { address: string; namespace: string; uiUrl?: string }
  dynamo: { endpoint: string; region: string }
  /** The variables a process needs to use this stack, as the configuration reads them. */
  env: Record<string, string>
  /** Path of the file holding `env`, for `set -a; . FILE` in a shell. */
  envFile: string
  stop(): Promise<void>
}

/**
 * Starts a real Temporal dev server (with the project's search attributes) and DynamoDB Local
 * with every table created, waits until both answer, and returns how to reach them.
 */
export async function startLocalStack(
  options: LocalStackOptions
): Promise<LocalStack> {
  const log = options.log ?? (() => {})
  mkdirSync(options.dir, { recursive: true })
  const tools = await ensureTools({ install: options.install, log })
  const [temporal, dynamo] = await Promise.allSettled([
    startTemporalDevServer({
      cli: tools.temporalCli,
      namespace: options.namespace,
      port: options.temporalPort,
      uiPort: options.uiPort,
      headless: options.headless,
      dbFilename: options.persist
        ? join(options.dir, 'temporal.sqlite')
        : undefined,
      dynamicConfig: options.dynamicConfig,
      logDir: options.dir,
    }),
    startDynamoDbLocal({
      java: tools.java,
      dir: tools.dynamoDbLocalDir,
      port: options.dynamoPort,
      dataDir: options.persist
        ? mkdirp(join(options.dir, 'dynamodb'))
        : undefined,
      logDir: options.dir,
    }),
  ])
  if (temporal.status === 'rejected' || dynamo.status === 'rejected') {
    await stopAll([temporal, dynamo])
    throw temporal.status === 'rejected'
      ? temporal.reason
      : (dynamo as PromiseRejectedResult).reason
  }
  const stop = () => stopAll([temporal, dynamo])
  try {
    const env = stackEnv(temporal.value, dynamo.value)
    await createLocalTables(env)
    const envFile = join(options.dir, 'stack.env')
    writeFileSync(
      envFile,
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}\n`)
        .join('')
    )
    return {
      temporal: {
        address: temporal.value.address,
        namespace: temporal.value.namespace,
        uiUrl: temporal.value.uiUrl,
      },
      dynamo: { endpoint: dynamo.value.endpoint, region: dynamo.value.region },
      env,
      envFile,
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}

function stackEnv(
  temporal: TemporalDevServer,
  dynamo: DynamoDbLocal
): Record<string, string> {
  return {
    STORACHA_ENV: 'local',
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    ...(temporal.uiUrl ? { TEMPORAL_UI_URL: temporal.uiUrl } : {}),
    AWS_REGION: dynamo.region,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
  }
}

async function createLocalTables(env: Record<string, string>) {
  const { dynamo } = loadConfig(env, ['dynamo'])
  const client = createDynamoClient(dynamo)
  try {
    await createTables(client, dynamo.tables)
  } finally {
    client.destroy()
  }
}

async function stopAll(
  started: PromiseSettledResult<{ stop(): Promise<void> }>[]
) {
  await Promise.all(
    started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined))
  )
}

function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true })
  return dir
}
