import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { awsFailure } from '../../failures/index.js'
import type { BlobStore } from '../object-store/types.js'
import {
  type IpniJob,
  type IpniQueue,
  jobObject,
  messageBody,
} from './types.js'

/** An SQS client with timeouts on every request. */
export function createSqsClient(options: {
  region: string
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string }
  requestTimeoutMs: number
}): SQSClient {
  return new SQSClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: 5,
    requestHandler: {
      connectionTimeout: 3_000,
      requestTimeout: options.requestTimeoutMs,
    },
  })
}

/**
 * The production queue: the job object into the publishing bucket, then the FIFO message. If
 * the message cannot be sent the object is deleted, as the Go publisher does, so no orphan
 * object is left. Duplicates are dropped by SQS itself; it does not say so, hence `false`.
 */
export class SqsIpniQueue implements IpniQueue {
  constructor(
    readonly sqs: SQSClient,
    readonly queueUrl: string,
    readonly bucket: BlobStore
  ) {}

  async publish(job: IpniJob) {
    await this.bucket.put(job.jobId, jobObject(job))
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: messageBody(job),
          MessageGroupId: job.contextId,
          MessageDeduplicationId: job.deduplicationId,
        })
      )
    } catch (err) {
      await this.bucket.delete(job.jobId)
      throw awsFailure('claims', `queueing IPNI job ${job.jobId}`, err)
    }
    return { duplicate: false }
  }
}
