import type { IpniJob } from '../../migration/ports.js'

export type { IpniJob, IpniQueue } from '../../migration/ports.js'

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
