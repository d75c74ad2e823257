import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { ed25519 } from '@ucanto/principal'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { CAR_CODEC } from '../../src/migration/car-codec.js'
import { locationJob } from '../../src/migration/claims/ipni-job.js'
import type { IpniQueue } from '../../src/migration/ports.js'
import { jobObject } from '../../src/services/ipni-queue/types.js'

export interface IpniQueueContext {
  queue: IpniQueue
  /** How many advertisement messages the queue holds now. */
  queued(): Promise<number>
  /** The job object stored for `jobId`, if any. */
  jobObject(jobId: string): Promise<Uint8Array | undefined>
}

const DAG_CBOR = 0x71

export const newJob = async () =>
  locationJob({
    space: (await ed25519.generate()).did(),
    shard: CID.create(1, CAR_CODEC, await sha256.digest(randomBytes(64))),
    claim: CID.create(1, DAG_CBOR, await sha256.digest(randomBytes(64))),
    provider: {
      id: '12D3KooWPMQTKSMA3eFUxc23gBfMHEgzfk7W1TBezKNsBwPMRLQ7',
      addrs: ['/dns/carpark.local/tcp/443/https'],
    },
  })

/** What every IPNI queue must do; run against SQS on the sandbox emulator and the local queue. */
export const ipniQueueContract: Record<
  string,
  (ctx: IpniQueueContext) => Promise<void>
> = {
  'queues one advertisement for a location job, with its job object': async (
    ctx
  ) => {
    const job = await newJob()
    const before = await ctx.queued()
    assert.deepEqual(await ctx.queue.publish(job), { duplicate: false })
    assert.equal(await ctx.queued(), before + 1)
    assert.deepEqual(await ctx.jobObject(job.jobId), jobObject(job))
  },
  'queues no second advertisement for the very same job': async (ctx) => {
    const job = await newJob()
    const before = await ctx.queued()
    await ctx.queue.publish(job)
    await ctx.queue.publish(job)
    assert.equal(await ctx.queued(), before + 1)
  },
  'queues a batch of jobs, one advertisement each, repeats dropped': async (
    ctx
  ) => {
    const jobs = await Promise.all(Array.from({ length: 12 }, newJob))
    const before = await ctx.queued()
    const answers = await ctx.queue.publishAll(jobs)
    assert.equal(answers.length, jobs.length)
    assert.equal(await ctx.queued(), before + jobs.length)
    for (const job of jobs)
      assert.deepEqual(await ctx.jobObject(job.jobId), jobObject(job))
    await ctx.queue.publishAll(jobs.slice(0, 3))
    assert.equal(await ctx.queued(), before + jobs.length)
  },
  'queues one advertisement per distinct job': async (ctx) => {
    const before = await ctx.queued()
    await ctx.queue.publish(await newJob())
    await ctx.queue.publish(await newJob())
    assert.equal(await ctx.queued(), before + 2)
  },
}
