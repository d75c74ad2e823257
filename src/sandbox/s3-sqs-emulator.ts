import { startFauxqs } from 'fauxqs'

export interface S3SqsEmulator {
  endpoint: string
  queueUrl(name: string): string
  /** Every message still in a queue (nothing consumes them in the sandbox). */
  queueMessages(name: string): { body: string }[]
  stop(): Promise<void>
}

/**
 * S3 and SQS for the sandbox, over real HTTP (fauxqs), so that a worker in another process
 * writes claims and IPNI jobs exactly as it would to AWS. FIFO queues deduplicate by ID.
 */
export async function startS3SqsEmulator({
  buckets,
  fifoQueues,
}: {
  buckets: string[]
  fifoQueues: string[]
}): Promise<S3SqsEmulator> {
  const server = await startFauxqs({ port: 0, logger: false })
  for (const bucket of buckets) server.createBucket(bucket)
  const urls = new Map(
    fifoQueues.map((name) => [
      name,
      server.createQueue(name, { attributes: { FifoQueue: 'true' } }).queueUrl,
    ])
  )
  return {
    endpoint: server.address,
    queueUrl(name) {
      const url = urls.get(name)
      if (!url) throw new Error(`no sandbox queue ${name}`)
      return url
    },
    queueMessages(name) {
      const state = server.inspectQueue(name)
      if (!state) return []
      const { ready, delayed, inflight } = state.messages
      return [...ready, ...delayed, ...inflight.map((i) => i.message)].map(
        (m) => ({ body: String(m.body) })
      )
    },
    stop: () => server.stop(),
  }
}
