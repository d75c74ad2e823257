import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { awsCredentialsFor } from '../../config/aws-credentials.js'
import type { DynamoConfig } from '../../config/types.js'

export interface DynamoClientOptions {
  /** Time to establish a connection, in milliseconds. */
  connectionTimeoutMs?: number
  /** Time for one request to answer, in milliseconds; the SDK then retries. */
  requestTimeoutMs?: number
  /** Attempts per request, including the first (SDK standard retry with backoff). */
  maxAttempts?: number
  /** The SDK's provider chain when unset, or fixed local ones for a local endpoint. */
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

/**
 * A document client with timeouts on every request (credentials as `awsCredentialsFor` says).
 */
export function createDynamoClient(
  config: Pick<DynamoConfig, 'region' | 'endpoint'>,
  {
    connectionTimeoutMs = 3_000,
    requestTimeoutMs = 15_000,
    maxAttempts = 5,
    credentials = awsCredentialsFor(config.endpoint),
  }: DynamoClientOptions = {}
): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: config.region,
    endpoint: config.endpoint,
    maxAttempts,
    requestHandler: {
      connectionTimeout: connectionTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Without it the SDK (@smithy/node-http-handler 4.x) only logs that the request timeout
      // passed and keeps waiting: a held connection would stall the call, and its activity, for good.
      throwOnRequestTimeout: true,
    },
    credentials,
  })
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  })
}
