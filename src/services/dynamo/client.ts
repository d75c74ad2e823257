import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { DynamoConfig } from '../../config/types.js'

export interface DynamoClientOptions {
  /** Time to establish a connection, in milliseconds. */
  connectionTimeoutMs?: number
  /** Time for one request to answer, in milliseconds; the SDK then retries. */
  requestTimeoutMs?: number
  /** Attempts per request, including the first (SDK standard retry with backoff). */
  maxAttempts?: number
}

/**
 * A document client with timeouts on every request. Against a local endpoint without AWS
 * credentials in the environment it signs with fixed local ones, which DynamoDB Local accepts.
 */
export function createDynamoClient(
  config: Pick<DynamoConfig, 'region' | 'endpoint'>,
  {
    connectionTimeoutMs = 3_000,
    requestTimeoutMs = 15_000,
    maxAttempts = 5,
  }: DynamoClientOptions = {}
): DynamoDBDocumentClient {
  const local = config.endpoint !== undefined && !process.env.AWS_ACCESS_KEY_ID
  const client = new DynamoDBClient({
    region: config.region,
    endpoint: config.endpoint,
    maxAttempts,
    requestHandler: {
      connectionTimeout: connectionTimeoutMs,
      requestTimeout: requestTimeoutMs,
    },
    ...(local
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  })
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  })
}
