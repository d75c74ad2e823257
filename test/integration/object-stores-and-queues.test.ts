import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import { startFauxqs } from 'fauxqs'
import { LocalIpniQueue } from '../../src/services/ipni-queue/local.js'
import { SqsIpniQueue } from '../../src/services/ipni-queue/sqs.js'
import type { IpniJob } from '../../src/services/ipni-queue/types.js'
import {
  FsBlobStore,
  MemoryBlobStore,
} from '../../src/services/object-store/local.js'
import {
  createS3Client,
  S3BlobStore,
} from '../../src/services/object-store/s3.js'
import { blobStoreContract } from '../contracts/blob-store.js'

const fauxqs = await startFauxqs({ port: 0, logger: false })
after(() => fauxqs.stop())
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }
const s3 = createS3Client({
  region: 'us-east-1',
  endpoint: fauxqs.address,
  credentials,
})
fauxqs.createBucket('claims')
fauxqs.createBucket('ipni-jobs')
const sqs = new SQSClient({
  region: 'us-east-1',
  endpoint: fauxqs.address,
  credentials,
})
after(() => {
  s3.destroy()
  sqs.destroy()
})

const stores = {
  memory: () => new MemoryBlobStore(),
  filesystem: () => new FsBlobStore(mkdtempSync(join(tmpdir(), 'blob-store-'))),
  's3 (fauxqs)': () => new S3BlobStore(s3, 'claims'),
}

for (const [name, make] of Object.entries(stores)) {
  describe(`BlobStore: ${name}`, () => {
    for (const [behaviour, check] of Object.entries(blobStoreContract))
      it(behaviour, () => check(make()))
  })
}

const job = (deduplicationId: string): IpniJob => ({
  jobId: `job-${deduplicationId}`,
  contextId: Buffer.from(deduplicationId).toString('base64'),
  deduplicationId,
  metadata: Buffer.from([0x82, 0x80, 0xf8, 0x01]).toString('base64'),
  provider: {
    id: '12D3KooWPMQTKSMA3eFUxc23gBfMHEgzfk7W1TBezKNsBwPMRLQ7',
    addrs: ['/dns/carpark.local/tcp/443/https'],
  },
  multihashes: [new Uint8Array([0x12, 0x20, ...new Uint8Array(32).fill(7)])],
})

describe('IPNI queue', () => {
  it('locally drops a repeated deduplication ID and keeps the first job', async () => {
    const accepted: IpniJob[] = []
    const queue = new LocalIpniQueue(new MemoryBlobStore(), (j) =>
      accepted.push(j)
    )
    assert.deepEqual(await queue.publish(job('a')), { duplicate: false })
    assert.deepEqual(await queue.publish(job('a')), { duplicate: true })
    assert.deepEqual(await queue.publish(job('b')), { duplicate: false })
    assert.deepEqual(
      accepted.map((j) => j.deduplicationId),
      ['a', 'b']
    )
    assert.deepEqual(
      JSON.parse(new TextDecoder().decode(await queue.store.get('job-a'))),
      [[0x12, 0x20, ...new Array(32).fill(7)]]
    )
  })

  it('sends to a real FIFO queue once per deduplication ID, with the object in the bucket', async () => {
    const { queueUrl } = fauxqs.createQueue('ipni.fifo', {
      attributes: { FifoQueue: 'true' },
    })
    const bucket = new S3BlobStore(s3, 'ipni-jobs')
    const queue = new SqsIpniQueue(sqs, queueUrl, bucket)
    await queue.publish(job('same'))
    await queue.publish(job('same'))
    // A FIFO queue hands out one message of a group at a time: take it, then look for a second.
    const receive = () =>
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
        })
      )
    const first = await receive()
    assert.equal(first.Messages?.length, 1)
    const body = JSON.parse(first.Messages?.[0]?.Body ?? '{}')
    assert.equal(body.JobID, 'job-same')
    assert.equal(body.Message.ContextID, Buffer.from('same').toString('base64'))
    await sqs.send(
      new DeleteMessageCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: first.Messages?.[0]?.ReceiptHandle,
      })
    )
    assert.equal(
      (await receive()).Messages?.length ?? 0,
      0,
      'the repeated send was dropped'
    )
    assert.ok(await bucket.get('job-same'))
  })

  it('deletes the job object when the message cannot be sent', async () => {
    const bucket = new S3BlobStore(s3, 'ipni-jobs')
    const queue = new SqsIpniQueue(
      sqs,
      `${fauxqs.address}/000000000000/no-such-queue.fifo`,
      bucket
    )
    await assert.rejects(queue.publish(job('lost')))
    assert.equal(await bucket.get('job-lost'), undefined)
  })
})
