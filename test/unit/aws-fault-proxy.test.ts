import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, describe, it } from 'node:test'
import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs'
import { isThrottling } from '../../src/failures/aws.js'
import type { AwsService } from '../../src/sandbox/aws-faults/aws-error-answers.js'
import {
  type AwsHttpFault,
  startAwsFaultProxy,
} from '../../src/sandbox/aws-faults/aws-fault-proxy.js'
import { createDynamoClient } from '../../src/services/dynamo/client.js'
import { createSqsClient } from '../../src/services/ipni-queue/sqs.js'
import { createS3Client } from '../../src/services/object-store/s3.js'

/** Stands in for the real endpoint: answers DynamoDB's ListTables, and counts what reaches it. */
let reached = 0
const upstream = createServer((req, res) => {
  reached++
  req.resume()
  req.once('end', () => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
    res.end(JSON.stringify({ TableNames: ['passed-through'] }))
  })
})
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
after(() => upstream.close())
const address = upstream.address()
assert.ok(address && typeof address === 'object')
const upstreamUrl = `http://127.0.0.1:${address.port}`
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }
const region = 'us-east-1'

async function proxyFor(service: AwsService) {
  const proxy = await startAwsFaultProxy({ service, upstream: upstreamUrl })
  after(() => proxy.close())
  return proxy
}

/** What the real SDK makes of the proxy's answer: the error's name, status and retry class. */
async function sdkError(send: () => Promise<unknown>) {
  const err = (await send().then(
    () => assert.fail('expected an error answer'),
    (e: unknown) => e
  )) as Error & {
    $metadata?: { httpStatusCode?: number }
  }
  return {
    name: err.name,
    status: err.$metadata?.httpStatusCode,
    throttling: isThrottling(err.name),
  }
}

describe('the AWS fault proxy answers as AWS does, to the real SDK', () => {
  it('DynamoDB: both throttling names with 400, InternalServerError with 500, else passes through', async () => {
    const proxy = await proxyFor('dynamodb')
    const client = createDynamoClient(
      { region, endpoint: proxy.url },
      { maxAttempts: 1, credentials }
    )
    after(() => client.destroy())
    const send = () => client.send(new ListTablesCommand({}))
    const seen: string[] = []
    for (const fault of ['throttle', 'throttle', '5xx'] as AwsHttpFault[]) {
      proxy.next(fault)
      const err = await sdkError(send)
      seen.push(`${err.name} ${err.status} ${err.throttling}`)
    }
    assert.deepEqual(seen, [
      'ThrottlingException 400 true',
      'ProvisionedThroughputExceededException 400 true',
      'InternalServerError 500 false',
    ])
    const before = reached
    assert.deepEqual((await send()).TableNames, ['passed-through'])
    assert.equal(reached, before + 1)
    assert.deepEqual(proxy.injected, { throttle: 2, '5xx': 1, hang: 0 })
    assert.equal(proxy.requests, 4)
  })

  it('S3: 503 SlowDown and 500 InternalError, on GET and on HEAD (no body)', async () => {
    const proxy = await proxyFor('s3')
    const client = createS3Client({
      region,
      endpoint: proxy.url,
      credentials,
      maxAttempts: 1,
    })
    after(() => client.destroy())
    proxy.next('throttle')
    const get = await sdkError(() =>
      client.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }))
    )
    assert.deepEqual(get, { name: 'SlowDown', status: 503, throttling: true })
    proxy.next('5xx')
    const head = await sdkError(() =>
      client.send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' }))
    )
    assert.equal(head.status, 500)
  })

  it('SQS: ThrottlingException with 400, InternalFailure with 500', async () => {
    const proxy = await proxyFor('sqs')
    const client = createSqsClient({
      region,
      endpoint: proxy.url,
      credentials,
      requestTimeoutMs: 5_000,
      maxAttempts: 1,
    })
    after(() => client.destroy())
    const send = () =>
      client.send(
        new SendMessageBatchCommand({
          QueueUrl: `${proxy.url}/000000000000/q.fifo`,
          Entries: [{ Id: '1', MessageBody: 'x' }],
        })
      )
    proxy.next('throttle')
    assert.deepEqual(await sdkError(send), {
      name: 'ThrottlingException',
      status: 400,
      throttling: true,
    })
    proxy.next('5xx')
    assert.deepEqual(await sdkError(send), {
      name: 'InternalFailure',
      status: 500,
      throttling: false,
    })
  })

  it('holds a hang until the client gives up, never passing it on', async () => {
    const proxy = await proxyFor('dynamodb')
    const client = createDynamoClient(
      { region, endpoint: proxy.url },
      { maxAttempts: 1, requestTimeoutMs: 200, credentials }
    )
    after(() => client.destroy())
    proxy.next('hang')
    const before = reached
    const err = await sdkError(() => client.send(new ListTablesCommand({})))
    assert.equal(err.name, 'TimeoutError')
    assert.equal(reached, before, 'a held request never reaches the endpoint')
    assert.equal(proxy.injected.hang, 1)
  })
})
