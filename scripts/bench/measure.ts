/**
 * What the benchmark measures besides wall time: this process's CPU, the CPU of the stack's
 * processes (Temporal dev server, DynamoDB Local: our child processes), outbound HTTP calls by
 * origin, and RSS sampled while something runs.
 */
import { execFileSync } from 'node:child_process'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { readdirSync, readFileSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** Seconds since `started` (a `process.hrtime.bigint()`). */
export const secondsSince = (started: bigint) =>
  Number(process.hrtime.bigint() - started) / 1e9

export interface CpuSnapshot {
  /** This process, every thread (worker core, workflow threads, sandbox, seeding). */
  process: number
  /** Our descendant processes (Temporal dev server, DynamoDB Local), in seconds. */
  stack: number | undefined
}

export function cpuNow(): CpuSnapshot {
  const usage = process.cpuUsage()
  return {
    process: (usage.user + usage.system) / 1e6,
    stack: descendantsCpuSeconds(),
  }
}

export function cpuSince(before: CpuSnapshot): CpuSnapshot {
  const now = cpuNow()
  return {
    process: now.process - before.process,
    stack:
      now.stack === undefined || before.stack === undefined
        ? undefined
        : now.stack - before.stack,
  }
}

let clockTicks: number | undefined

/** utime + stime of every live descendant of this process, from /proc (Linux only). */
function descendantsCpuSeconds(): number | undefined {
  try {
    clockTicks ??= Number(
      execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()
    )
  } catch {
    clockTicks = 100
  }
  let entries: string[]
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return undefined
  }
  const parent = new Map<number, number>()
  const ticks = new Map<number, number>()
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      // The command name is in parentheses and may hold spaces: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      parent.set(Number(name), Number(fields[1]))
      ticks.set(Number(name), Number(fields[11]) + Number(fields[12]))
    } catch {
      // The process ended while we read.
    }
  }
  let total = 0
  for (const [pid, used] of ticks) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        total += used
        break
      }
    }
  }
  return total / (clockTicks || 100)
}

/** Samples RSS and heap every `everyMs` until stopped; reports the peaks. */
export function sampleMemory(everyMs = 200) {
  const first = process.memoryUsage()
  let peakRss = first.rss
  let peakHeap = first.heapUsed
  let samples = 1
  const timer = setInterval(() => {
    const now = process.memoryUsage()
    peakRss = Math.max(peakRss, now.rss)
    peakHeap = Math.max(peakHeap, now.heapUsed)
    samples++
  }, everyMs)
  timer.unref()
  return {
    stop() {
      clearInterval(timer)
      const last = process.memoryUsage()
      return {
        startRss: first.rss,
        startHeap: first.heapUsed,
        peakRss: Math.max(peakRss, last.rss),
        peakHeap: Math.max(peakHeap, last.heapUsed),
        endRss: last.rss,
        samples: samples + 1,
      }
    },
  }
}

let gcFunction: (() => void) | undefined

/** A full garbage collection, so that a memory baseline is not left-overs of seeding. */
export function collectGarbage(): void {
  if (!gcFunction) {
    setFlagsFromString('--expose-gc')
    gcFunction = runInNewContext('gc') as () => void
  }
  gcFunction()
}

/** Counts by key, with snapshots to take differences. */
function counter() {
  const counts = new Map<string, number>()
  return {
    add(key: string) {
      counts.set(key, (counts.get(key) ?? 0) + 1)
    },
    snapshot: () => new Map(counts),
    /** Counts per key since `before`. */
    since(before: Map<string, number>): Map<string, number> {
      const out = new Map<string, number>()
      for (const [key, count] of counts) {
        const delta = count - (before.get(key) ?? 0)
        if (delta > 0) out.set(key, delta)
      }
      return out
    },
  }
}

export type Counter = Omit<ReturnType<typeof counter>, 'add'>

const AWS_SERVICES: Record<string, string> = {
  DynamoDBClient: 'dynamodb',
  DynamoDBDocumentClient: 'dynamodb',
  S3Client: 's3',
  SQSClient: 'sqs',
}

/**
 * Counts every AWS SDK request (DynamoDB, S3, SQS) by service, by wrapping `send` of the SDK's
 * base client class; clients made before and after are counted alike.
 */
export function installAwsCounter(): Counter {
  const { add, ...rest } = counter()
  const bases = new Set(
    [DynamoDBClient, DynamoDBDocumentClient, S3Client, SQSClient].map(
      (c) => Object.getPrototypeOf(c.prototype) as { send: SendFunction }
    )
  )
  for (const base of bases) {
    const send = base.send
    base.send = function (this: object, ...args: unknown[]) {
      const name = this.constructor.name
      add(AWS_SERVICES[name] ?? name)
      return send.apply(this, args)
    }
  }
  return rest
}

type SendFunction = (this: object, ...args: unknown[]) => unknown

/**
 * Counts every `fetch` by origin. Install before anything builds an HTTP client, since some
 * clients keep the `fetch` they found when created. The AWS SDK (DynamoDB, S3, SQS) does not use
 * fetch and is not counted.
 */
export function installCallCounter(): Counter {
  const { add, ...rest } = counter()
  const realFetch = globalThis.fetch
  globalThis.fetch = (input, init) => {
    const url = new URL(
      input instanceof Request
        ? input.url
        : input instanceof URL
          ? input.href
          : input
    )
    add(url.origin)
    return realFetch(input, init)
  }
  return rest
}
