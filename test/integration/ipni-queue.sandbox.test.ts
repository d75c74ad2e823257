import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { awsCredentialsFor } from '../../src/config/aws-credentials.js'
import { loadConfig } from '../../src/config/load.js'
import { SANDBOX_QUEUES, startSandbox } from '../../src/sandbox/sandbox.js'
import {
  createSqsClient,
  SqsIpniQueue,
} from '../../src/services/ipni-queue/sqs.js'
import {
  createS3Client,
  S3BlobStore,
} from '../../src/services/object-store/s3.js'
import { ipniQueueContract, newJob } from '../contracts/ipni-queue.js'

const sandbox = await startSandbox({ seed: 'ipni-queue-contract' })
after(() => sandbox.close())
const { publishing } = loadConfig(sandbox.env, ['publishing'])
/** The emulator's region (its queue URLs name it); the sandbox sets no table region. */
const aws = { region: 'us-east-1', requestTimeoutMs: 5_000 }
const s3 = createS3Client({
  ...aws,
  endpoint: publishing.s3Endpoint,
  credentials: awsCredentialsFor(publishing.s3Endpoint),
})
const sqs = createSqsClient({
  ...aws,
  endpoint: publishing.sqsEndpoint,
  credentials: awsCredentialsFor(publishing.sqsEndpoint),
})
after(() => {
  s3.destroy()
  sqs.destroy()
})
const bucket = new S3BlobStore(s3, publishing.ipni.blob.bucket, 'claims')
const queue = new SqsIpniQueue(sqs, publishing.ipni.blob.queueUrl, bucket)

describe('the SQS IPNI queue against the sandbox S3/SQS emulator (contract)', () => {
  for (const [behaviour, check] of Object.entries(ipniQueueContract))
    it(behaviour, () =>
      check({
        queue,
        queued: async () =>
          sandbox.s3sqs.queueMessages(SANDBOX_QUEUES.ipniBlob).length,
        jobObject: (jobId) => bucket.get(jobId),
      })
    )
})

describe('the SQS IPNI queue shares requests between callers', () => {
  it('sends the jobs of 12 concurrent callers in 2 SendMessageBatch requests', async () => {
    const counted = createSqsClient({
      ...aws,
      endpoint: publishing.sqsEndpoint,
      credentials: awsCredentialsFor(publishing.sqsEndpoint),
    })
    after(() => counted.destroy())
    let sends = 0
    counted.middlewareStack.add((next) => (args) => (sends++, next(args)), {
      step: 'initialize',
    })
    const shared = new SqsIpniQueue(
      counted,
      publishing.ipni.blob.queueUrl,
      bucket
    )
    const jobs = await Promise.all(Array.from({ length: 12 }, newJob))
    const queued = () =>
      sandbox.s3sqs.queueMessages(SANDBOX_QUEUES.ipniBlob).length
    const before = queued()
    await Promise.all(jobs.map((job) => shared.publishAll([job])))
    assert.equal(sends, 2)
    assert.equal(queued(), before + 12)
  })
})
