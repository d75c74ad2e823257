import { startDynamoDbLocal } from '../../stack/dynamodb-local.js'
import {
  type LocalStackOptions,
  startLocalStack,
} from '../../stack/local-stack.js'
import { ensureTools } from '../../stack/tools.js'
import {
  type RestartableTemporal,
  startRestartableTemporal,
} from './restartable-temporal.js'

/** Where a world's Temporal server and DynamoDB come from. */
export type WorldStack =
  /** The local stack, started for this world in its folder (`dev`, the benchmark, `sandbox`). */
  | ({ kind: 'embedded' } & Omit<LocalStackOptions, 'dir' | 'log'>)
  /**
   * DynamoDB Local and a Temporal dev server on a SQLite file of the world's folder, which
   * `world.temporalServer` stops and starts again on the same port (the chaos campaign).
   */
  | { kind: 'restartable' }
  /** A stack that is already running, by its variables (the test tier's shared stack). */
  | { kind: 'existing'; env: Record<string, string> }

export interface StartedStack {
  /** STORACHA_ENV, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE (TEMPORAL_UI_URL), AWS_REGION, DYNAMODB_ENDPOINT. */
  env: Record<string, string>
  temporalServer?: RestartableTemporal
  /** Stops what this world started; an existing stack is left running. */
  stop(): Promise<void>
}

export async function startWorldStack(
  stack: WorldStack,
  dir: string,
  log: (line: string) => void
): Promise<StartedStack> {
  switch (stack.kind) {
    case 'existing':
      return { env: stack.env, stop: () => Promise.resolve() }
    case 'embedded': {
      const started = await startLocalStack({ ...stack, dir, log })
      return { env: started.env, stop: () => started.stop() }
    }
    case 'restartable': {
      const tools = await ensureTools()
      const [dynamo, temporal] = await Promise.all([
        startDynamoDbLocal({
          java: tools.java,
          dir: tools.dynamoDbLocalDir,
          logDir: dir,
        }),
        startRestartableTemporal({ cli: tools.temporalCli, dir }),
      ])
      return {
        env: {
          STORACHA_ENV: 'local',
          TEMPORAL_ADDRESS: temporal.address,
          TEMPORAL_NAMESPACE: temporal.namespace,
          AWS_REGION: dynamo.region,
          DYNAMODB_ENDPOINT: dynamo.endpoint,
        },
        temporalServer: temporal,
        async stop() {
          await temporal.stop().catch(() => undefined)
          await dynamo.stop()
        },
      }
    }
  }
}
