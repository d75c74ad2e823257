import assert from 'node:assert/strict'
import { createServer, type Socket } from 'node:net'
import { after, describe, it } from 'node:test'
import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs'
import { createDynamoClient } from '../../src/services/dynamo/client.js'
import { createSqsClient } from '../../src/services/ipni-queue/sqs.js'
import { createS3Client } from '../../src/services/object-store/s3.js'

/** A server that accepts connections and never answers: what a held connection looks like. */
const sockets = new Set<Socket>()
const silent = createServer((socket) => {
  sockets.add(socket)
  socket.resume()
})
await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
after(() => {
  for (const socket of sockets) socket.destroy()
  silent.close()
})
const address = silent.address()
assert.ok(address && typeof address === 'object')
const endpoint = `http://127.0.0.1:${address.port}`
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }
const TIMEOUT_MS = 300

/** Rejects with the SDK's timeout error well before the test runner's own timeout. */
async function assertTimesOut(send: () => Promise<unknown>) {
  const started = Date.now()
  await assert.rejects(send(), (err: Error) => {
    assert.equal(err.name, 'TimeoutError', err.message)
    return true
  })
  assert.ok(Date.now() - started < 10 * TIMEOUT_MS)
}

describe('AWS clients give up on a connection that never answers', () => {
  it('DynamoDB', { timeout: 10_000 }, async () => {
    const client = createDynamoClient(
      { region: 'us-east-1', endpoint },
      { maxAttempts: 1, requestTimeoutMs: TIMEOUT_MS, credentials }
    )
    after(() => client.destroy())
    await assertTimesOut(() => client.send(new ListTablesCommand({})))
  })

  it('S3', { timeout: 10_000 }, async () => {
    const client = createS3Client({
      region: 'us-east-1',
      endpoint,
      credentials,
      requestTimeoutMs: TIMEOUT_MS,
      maxAttempts: 1,
    })
    after(() => client.destroy())
    await assertTimesOut(() =>
      client.send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' }))
    )
  })

  it('SQS', { timeout: 10_000 }, async () => {
    const client = createSqsClient({
      region: 'us-east-1',
      endpoint,
      credentials,
      requestTimeoutMs: TIMEOUT_MS,
      maxAttempts: 1,
    })
    after(() => client.destroy())
    await assertTimesOut(() =>
      client.send(
        new SendMessageBatchCommand({
          QueueUrl: `${endpoint}/000000000000/q.fifo`,
          Entries: [{ Id: '1', MessageBody: 'x' }],
        })
      )
    )
  })
})
