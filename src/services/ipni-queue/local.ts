import type { BlobStore } from '../object-store/types.js'
import { type IpniJob, type IpniQueue, jobObject } from './types.js'

/** SQS FIFO drops a message whose deduplication ID it saw in the last five minutes. */
export const FIFO_DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000

/**
 * An in-process FIFO queue with SQS's deduplication semantics, writing job objects to a local
 * store; `onAccepted` sees every job that was not dropped (the sandbox ledger).
 */
export class LocalIpniQueue implements IpniQueue {
  readonly #seen = new Map<string, number>()
  readonly jobs: IpniJob[] = []

  constructor(
    readonly store: BlobStore,
    readonly onAccepted: (job: IpniJob) => void = () => {},
    readonly now: () => number = Date.now
  ) {}

  async publish(job: IpniJob) {
    const seenAt = this.#seen.get(job.deduplicationId)
    if (
      seenAt !== undefined &&
      this.now() - seenAt < FIFO_DEDUPLICATION_WINDOW_MS
    )
      return { duplicate: true }
    await this.store.put(job.jobId, jobObject(job))
    this.#seen.set(job.deduplicationId, this.now())
    this.jobs.push(job)
    this.onAccepted(job)
    return { duplicate: false }
  }

  async publishAll(jobs: readonly IpniJob[]) {
    const answers: { duplicate: boolean }[] = []
    for (const job of jobs) answers.push(await this.publish(job))
    return answers
  }
}
