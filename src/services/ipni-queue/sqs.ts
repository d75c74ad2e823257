import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs'
import type DataLoader from 'dataloader'
import { awsFailure } from '../../failures/index.js'
import type { BlobStore } from '../object-store/types.js'
import { type LoaderWindow, windowedLoader } from '../windowed-loader.js'
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
  /** Attempts per request, including the first (5 when unset). */
  maxAttempts?: number
}): SQSClient {
  return new SQSClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts ?? 5,
    requestHandler: {
      connectionTimeout: 3_000,
      requestTimeout: options.requestTimeoutMs,
      // Without it the SDK (@smithy/node-http-handler 4.x) only logs that the request timeout
      // passed and keeps waiting: a held connection would stall the call, and its activity, for good.
      throwOnRequestTimeout: true,
    },
  })
}

/** SendMessageBatch takes 10 messages at most; a job waits 5 ms for others to share one. */
export const DEFAULT_SQS_BATCHING: LoaderWindow = { maxBatch: 10, windowMs: 5 }

/**
 * The production queue: the job object into the publishing bucket, then the FIFO message. If
 * the message cannot be sent the object is deleted, as the Go publisher does, so no orphan
 * object is left. Duplicates are dropped by SQS itself; it does not say so, hence `false`.
 * The messages of concurrent callers go together as SendMessageBatch of up to 10, each caller
 * answered for its own jobs.
 */
export class SqsIpniQueue implements IpniQueue {
  readonly #messages: DataLoader<IpniJob, true>

  constructor(
    readonly sqs: SQSClient,
    readonly queueUrl: string,
    readonly bucket: BlobStore,
    batching: LoaderWindow = DEFAULT_SQS_BATCHING
  ) {
    this.#messages = windowedLoader((jobs) => this.#sendBatch(jobs), {
      ...batching,
      maxBatch: Math.min(batching.maxBatch, DEFAULT_SQS_BATCHING.maxBatch),
    })
  }

  async publish(job: IpniJob) {
    const [answer] = await this.publishAll([job])
    return answer!
  }

  async publishAll(jobs: readonly IpniJob[]) {
    await Promise.all(
      jobs.map((job) => this.bucket.put(job.jobId, jobObject(job)))
    )
    const sent = await Promise.allSettled(
      jobs.map((job) => this.#messages.load(job))
    )
    const failed = jobs.filter((_, i) => sent[i]!.status === 'rejected')
    if (failed.length > 0) {
      await Promise.all(failed.map((job) => this.bucket.delete(job.jobId)))
      const cause = sent.find((s) => s.status === 'rejected')?.reason
      throw awsFailure(
        'claims',
        `queueing ${jobs.length} IPNI jobs (${failed.length} refused)`,
        cause
      )
    }
    return jobs.map(() => ({ duplicate: false }))
  }

  /** One SendMessageBatch: per job, sent or the reason it was not. */
  async #sendBatch(jobs: readonly IpniJob[]): Promise<(true | Error)[]> {
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
      const refused = new Map(
        (answer.Failed ?? []).map((entry) => [
          Number(entry.Id),
          new Error(`${entry.Code}: ${entry.Message}`),
        ])
      )
      return jobs.map((_, i) => refused.get(i) ?? true)
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err))
      return jobs.map(() => error)
    }
  }
}
