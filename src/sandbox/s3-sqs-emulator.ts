import { startFauxqs } from 'fauxqs'

export interface S3SqsEmulator {
  endpoint: string
  queueUrl(name: string): string
  /** Every message still in a queue (nothing consumes them in the sandbox). */
  queueMessages(name: string): { body: string }[]
  /**
   * The first message sent to any queue from now on, as the emulator takes it (before the
   * sender has its answer): a test can act between a send and the sender learning of it.
   */
  nextMessage(): Promise<{ queue: string; body: string }>
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
  const server = await startFauxqs({
    port: 0,
    logger: false,
    messageSpies: true,
  })
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
    async nextMessage() {
      const since = Date.now()
      const sent = await server.spy.waitForMessage(
        (m) =>
          m.service === 'sqs' &&
          m.status === 'published' &&
          m.timestamp >= since
      )
      if (sent.service !== 'sqs') throw new Error('not an SQS message')
      return { queue: sent.queueName, body: sent.body }
    },
    stop: () => server.stop(),
  }
}
