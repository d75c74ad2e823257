import { SQSClient } from '@aws-sdk/client-sqs'
import { ed25519 } from '@ucanto/principal'
import type { ConfigWith } from '../../config/types.js'
import { parseProof } from '../../services/claims/proof.js'
import { SqsIpniQueue } from '../../services/ipni-queue/sqs.js'
import { createS3Client, S3BlobStore } from '../../services/object-store/s3.js'
import type { LocationClaimsDeps } from './api.js'

export interface AwsOptions {
  /** Used when the configuration has no DynamoDB group to take AWS_REGION from. */
  region?: string
  /** The SDK's default provider chain when unset. */
  credentials?: { accessKeyId: string; secretAccessKey: string }
  timeoutMs?: number
}

const DEFAULT_REGION = 'us-east-1'
const DEFAULT_TIMEOUT_MS = 30_000

/** The step's ports from configuration; `close` releases the S3 and SQS clients. */
export async function createLocationClaimsDeps(
  config: ConfigWith<'services' | 'publishing' | 'signing'>,
  aws: AwsOptions = {}
): Promise<LocationClaimsDeps & { close(): void }> {
  const { services, publishing, signing } = config
  const region = aws.region ?? config.dynamo?.region ?? DEFAULT_REGION
  const timeoutMs = aws.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const s3 = createS3Client({
    region,
    endpoint: publishing.s3Endpoint,
    credentials: aws.credentials,
    requestTimeoutMs: timeoutMs,
  })
  const sqs = new SQSClient({
    region,
    endpoint: publishing.sqsEndpoint,
    credentials: aws.credentials,
    maxAttempts: 5,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: timeoutMs },
  })
  const queue = ({ bucket, queueUrl }: { bucket: string; queueUrl: string }) =>
    new SqsIpniQueue(sqs, queueUrl, new S3BlobStore(s3, bucket))
  return {
    uploadServiceSigner: ed25519
      .parse(signing.uploadServiceKey)
      .withDID(services.upload.did as `did:${string}:${string}`),
    indexer: {
      url: services.indexer.url,
      did: services.indexer.did,
      proof: await parseProof(signing.indexingServiceProof),
    },
    claimsBucket: new S3BlobStore(s3, publishing.claimsBucket),
    ipni: {
      blob: queue(publishing.ipni.blob),
      store: queue(publishing.ipni.store),
    },
    carpark: services.carpark,
    piriUrl: services.piri.url,
    peerIds: publishing.peerIds,
    timeoutMs,
    close: () => {
      s3.destroy()
      sqs.destroy()
    },
  }
}
