import {
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import { chunk } from '../../migration/batches.js'
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

/** Most messages one SendMessageBatch takes. */
const MAX_BATCH = 10

/**
 * The production queue: the job object into the publishing bucket, then the FIFO message. If
 * the message cannot be sent the object is deleted, as the Go publisher does, so no orphan
 * object is left. Duplicates are dropped by SQS itself; it does not say so, hence `false`.
 * Many jobs go as SendMessageBatch of up to 10 messages, after their objects.
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

  async publishAll(jobs: readonly IpniJob[]) {
    await Promise.all(
      jobs.map((job) => this.bucket.put(job.jobId, jobObject(job)))
    )
    for (const batch of chunk(jobs, MAX_BATCH)) await this.#sendBatch(batch)
    return jobs.map(() => ({ duplicate: false }))
  }

  /** One SendMessageBatch; the objects of the messages it did not take are deleted. */
  async #sendBatch(jobs: readonly IpniJob[]) {
    const what = `queueing ${jobs.length} IPNI jobs`
    let failed: readonly IpniJob[]
    let cause: unknown
    try {
      const answer = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: jobs.map((job, i) => ({
            Id: String(i),
            MessageBody: messageBody(job),
            MessageGroupId: job.contextId,
            MessageDeduplicationId: job.deduplicationId,
          })),
        })
      )
      const refused = answer.Failed ?? []
      failed = refused.map((entry) => jobs[Number(entry.Id)]!)
      cause =
        refused[0] && new Error(`${refused[0].Code}: ${refused[0].Message}`)
    } catch (err) {
      failed = jobs
      cause = err
    }
    if (failed.length === 0) return
    await Promise.all(failed.map((job) => this.bucket.delete(job.jobId)))
    throw awsFailure('claims', `${what} (${failed.length} refused)`, cause)
  }
}
