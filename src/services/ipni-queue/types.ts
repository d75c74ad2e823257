/**
 * One IPNI advertisement job, in the format go-libstoracha's publisher reads: the multihashes in
 * an object keyed by `jobId`, and a FIFO message naming it.
 */
export interface IpniJob {
  jobId: string
  /** base64 (standard) of the context ID; the FIFO message group. */
  contextId: string
  /** Stable for the same advertisement, so a retried send is dropped by the queue, not advertised twice. */
  deduplicationId: string
  /** base64 (standard) of the metadata bytes. */
  metadata: string
  provider: { id: string; addrs: string[] }
  multihashes: Uint8Array[]
}

export interface IpniQueue {
  /** Queues a job; `duplicate` is true when the queue dropped it as a repeat. */
  publish(job: IpniJob): Promise<{ duplicate: boolean }>
}

/** The SQS message body (field names as go-libipni's JSON decoder expects them). */
export function messageBody(job: IpniJob): string {
  return JSON.stringify({
    JobID: job.jobId,
    Message: {
      ContextID: job.contextId,
      Metadata: job.metadata,
      Provider: { ID: job.provider.id, Addrs: job.provider.addrs },
    },
  })
}

/** The job object: a JSON array of multihashes as byte arrays, which the Go consumer accepts. */
export const jobObject = (job: IpniJob): Uint8Array =>
  new TextEncoder().encode(JSON.stringify(job.multihashes.map((mh) => [...mh])))
