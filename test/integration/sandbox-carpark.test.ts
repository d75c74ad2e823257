import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import * as dagJson from '@ipld/dag-json'
import { CarIndexer } from '@ipld/car/indexer'
import { base58btc } from 'multiformats/bases/base58'
import { blobKey, carKey } from '../../src/services/carpark-keys.js'
import { MemoryBlobStore } from '../../src/services/object-store/local.js'
import { startCarpark } from '../../src/sandbox/carpark.js'
import { startIndexWorker } from '../../src/sandbox/index-worker.js'
import { encodeUpload } from '../../src/sandbox/seed/encode-upload.js'
import { SeededRandom } from '../../src/sandbox/seed/random.js'

const store = new MemoryBlobStore()
const upload = await encodeUpload(new SeededRandom('carpark').bytes(200_000), {
  chunkSize: 1024,
  shardSize: 64 * 1024,
})
const [first, second] = upload.shards
if (!first || !second) throw new Error('expected several shards')
await store.put(carKey(first.cid.toString()), first.bytes)
await store.put(
  blobKey(base58btc.encode(second.cid.multihash.bytes)),
  second.bytes
)

const carpark = await startCarpark(store)
const indexWorker = await startIndexWorker({ store, maxBlocksPerResponse: 10 })
after(() => Promise.all([carpark.close(), indexWorker.close()]))

/** What a correct CAR parser says the blocks are: [base58btc multihash, offset, length]. */
async function expectedBlocks(bytes: Uint8Array) {
  const blocks: [string, number, number][] = []
  for await (const block of await CarIndexer.fromBytes(bytes)) {
    blocks.push([
      base58btc.encode(block.cid.multihash.bytes),
      block.blockOffset,
      block.blockLength,
    ])
  }
  return blocks
}

/** Reads every block through the index worker, resuming by offset as the migration must. */
async function indexThroughWorker(key: string, size: number) {
  const blocks: [string, number, number][] = []
  let offset = 0
  let requests = 0
  while (offset < size) {
    const res = await fetch(`${indexWorker.url}/index/${key}?offset=${offset}`)
    assert.equal(res.status, 200)
    requests++
    const lines = (await res.text()).split('\n').filter(Boolean)
    assert.ok(lines.length > 0, 'each response makes progress')
    for (const line of lines) {
      const [digest, [blockOffset, length]] = dagJson.decode<
        [Uint8Array, [number, number]]
      >(new TextEncoder().encode(line))
      blocks.push([base58btc.encode(digest), blockOffset, length])
      offset = blockOffset + length
    }
  }
  return { blocks, requests }
}

describe('carpark', () => {
  it('serves shards by key with HEAD, GET and byte ranges', async () => {
    const url = `${carpark.url}/${carKey(first.cid.toString())}`
    const head = await fetch(url, { method: 'HEAD' })
    assert.equal(head.status, 200)
    assert.equal(head.headers.get('content-length'), String(first.bytes.length))
    const whole = new Uint8Array(await (await fetch(url)).arrayBuffer())
    assert.deepEqual(whole, first.bytes)
    const part = await fetch(url, { headers: { range: 'bytes=10-19' } })
    assert.equal(part.status, 206)
    assert.equal(
      part.headers.get('content-range'),
      `bytes 10-19/${first.bytes.length}`
    )
    assert.deepEqual(
      new Uint8Array(await part.arrayBuffer()),
      first.bytes.subarray(10, 20)
    )
    const tail = await fetch(url, { headers: { range: 'bytes=-5' } })
    assert.deepEqual(
      new Uint8Array(await tail.arrayBuffer()),
      first.bytes.subarray(-5)
    )
    assert.equal(
      (await fetch(url, { headers: { range: `bytes=${first.bytes.length}-` } }))
        .status,
      416
    )
  })

  it('answers 404 for a shard stored under the other protocol’s key', async () => {
    const multihash = base58btc.encode(first.cid.multihash.bytes)
    assert.equal(
      (await fetch(`${carpark.url}/${blobKey(multihash)}`, { method: 'HEAD' }))
        .status,
      404
    )
    assert.equal(
      (
        await fetch(
          `${carpark.url}/${blobKey(base58btc.encode(second.cid.multihash.bytes))}`,
          { method: 'HEAD' }
        )
      ).status,
      200
    )
  })
})

describe('index worker', () => {
  it('lists every block with absolute offsets across several resumed responses', async () => {
    const key = carKey(first.cid.toString())
    const { blocks, requests } = await indexThroughWorker(
      key,
      first.bytes.length
    )
    assert.deepEqual(blocks, await expectedBlocks(first.bytes))
    assert.ok(requests >= 3, `expected several requests, made ${requests}`)
  })

  it('indexes blob-protocol keys the same way', async () => {
    const key = blobKey(base58btc.encode(second.cid.multihash.bytes))
    const { blocks } = await indexThroughWorker(key, second.bytes.length)
    assert.deepEqual(blocks, await expectedBlocks(second.bytes))
  })

  it('answers 404 for a missing object, 400 for another route, and HEAD as a probe', async () => {
    assert.equal(
      (await fetch(`${indexWorker.url}/index/nope/nope.car?offset=0`)).status,
      404
    )
    assert.equal((await fetch(`${indexWorker.url}/`)).status, 400)
    assert.equal(
      (
        await fetch(
          `${indexWorker.url}/index/${carKey(first.cid.toString())}?offset=0`,
          { method: 'HEAD' }
        )
      ).status,
      200
    )
    const stat = await fetch(
      `${indexWorker.url}/stat/${carKey(first.cid.toString())}`
    )
    assert.deepEqual(await stat.json(), { size: first.bytes.length })
  })

  it('fails while a fault is injected, then serves again', async () => {
    indexWorker.faults.next('rate-limit')
    indexWorker.faults.next('error')
    const url = `${indexWorker.url}/index/${carKey(first.cid.toString())}?offset=0`
    const limited = await fetch(url)
    assert.equal(limited.status, 429)
    assert.equal(limited.headers.get('retry-after'), '1')
    assert.equal((await fetch(url)).status, 503)
    assert.equal((await fetch(url)).status, 200)
  })

  it('can be made to hang or reset from another process', async () => {
    const admin = await fetch(`${indexWorker.url}/_sandbox/faults`, {
      method: 'PUT',
      body: JSON.stringify({ resetRate: 1 }),
    })
    assert.equal(admin.status, 200)
    await assert.rejects(fetch(`${indexWorker.url}/stat/x`))
    await fetch(`${indexWorker.url}/_sandbox/faults`, { method: 'DELETE' })
    indexWorker.faults.next('hang')
    await assert.rejects(
      fetch(`${indexWorker.url}/stat/x`, { signal: AbortSignal.timeout(300) }),
      /timeout|aborted/i
    )
  })
})

describe('encodeUpload', () => {
  it('is deterministic and names shards by their CAR CID', async () => {
    const again = await encodeUpload(
      new SeededRandom('carpark').bytes(200_000),
      { chunkSize: 1024, shardSize: 64 * 1024 }
    )
    assert.equal(again.root.toString(), upload.root.toString())
    assert.deepEqual(
      again.shards.map((s) => s.cid.toString()),
      upload.shards.map((s) => s.cid.toString())
    )
    assert.ok(
      upload.shards.every((s) => s.cid.toString().startsWith('bagbaiera'))
    )
  })
})
