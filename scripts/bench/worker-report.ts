/** The figures of `npm run bench -- worker`, side by side, from what the run measured. */
import { REAL_WORLD } from '../../src/sandbox/seed/realistic-shape.js'
import type { FaultedServiceName } from '../../src/sandbox/faulted-services.js'
import type { ProfileSummary } from './cpu-profile.js'
import { project } from './projection.js'
import { fixed, int, mib, section, table } from './table.js'
import type { baselineRun } from './throughput.js'
import { LABELS } from './world.js'
import type { WorkerRun } from './worker-run.js'
import type { WorldShape } from './worker-shape.js'

export interface WorkerBenchResult {
  startedAt: string
  machine: {
    cpus: number
    cpuModel?: string
    loadAverageAtStart: number[]
    node: string
  }
  options: {
    latencyMs: number
    inFlight: number
    uploadConcurrency: number
    spaceConcurrency: number
    processes: number
    maxConcurrentActivities: number
    pageSize: number
    smallSpaceUploads: number
    /** Absent in results written before customers were batched. */
    smallCustomerUploads?: number
    shardsPerUpload: number
    blocksPerShard: number
    cpuProf: boolean
    workerNodeFlags?: string
    projection: { hosts: number; coresPerHost: number; uploads: number }
  }
  services: Record<FaultedServiceName, string> & { storageNodes: string[] }
  /** The AWS endpoints (their requests do not go through the faulted services). */
  endpoints: { dynamodb?: string; s3?: string }
  throughput: WorkerRun
  baseline?: Awaited<ReturnType<typeof baselineRun>>
  shape?: { run: WorkerRun; world: WorldShape; seedSeconds: number }
  profiles: { pid: number; summary?: ProfileSummary }[]
  cpuProfDir?: string
}

const pct1 = (n: number | undefined) =>
  n === undefined ? '-' : `${(n * 100).toFixed(1)}%`

const pct = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n) ? '-' : `${(n * 100).toFixed(0)}%`

export function printWorkerBench(r: WorkerBenchResult): void {
  const o = r.options
  const t = r.throughput
  const n = t.result.processed
  const perUpload = (x: number) => (n > 0 ? x / n : 0)
  const perHost = n / t.seconds
  const perProcess = perHost / o.processes
  const latencyBearing = Object.values(t.served).reduce((a, b) => a + b, 0)
  const idealPerSecond =
    o.latencyMs > 0 && latencyBearing > 0
      ? o.inFlight / ((perUpload(latencyBearing) * o.latencyMs) / 1000)
      : undefined
  const cpuSeconds = t.workerCpuSeconds.reduce((a, b) => a + b, 0)
  const cpuMs = perUpload(cpuSeconds) * 1000
  const b = r.baseline

  section(
    `Worker bench: ${o.processes} worker process(es), the sandbox in its own`
  )
  const lines: [string, string][] = [
    [
      'run',
      `${int(n)} not-started uploads of ~${o.shardsPerUpload} shards with real CARs (${t.result.migrated} migrated, ${t.result.failed} failed${reasons(t.failures)}), ${o.inFlight} in flight (${o.uploadConcurrency} per page × ${o.spaceConcurrency} spaces), ${o.latencyMs} ms added per call, small spaces (≤ ${o.smallSpaceUploads} uploads) ${o.smallSpaceUploads > 0 ? 'in batch activities' : 'each in its workflow'}, small customers (≤ ${o.smallCustomerUploads ?? 0} uploads) ${(o.smallCustomerUploads ?? 0) > 0 ? 'in batch activities' : 'each in its workflow'}, ${fixed(t.seconds)} s`,
    ],
    [
      'uploads/s',
      `${fixed(perProcess, 2)} per worker process, ${fixed(perHost, 2)} per host (${o.processes} process(es) on ${r.machine.cpus} cores)`,
    ],
    [
      'latency-bound ideal',
      idealPerSecond === undefined
        ? '- (no latency)'
        : `${fixed(idealPerSecond, 2)}/s for ${o.inFlight} in flight (${fixed(perUpload(latencyBearing))} latency-bearing requests per upload × ${o.latencyMs} ms); reached ${pct(perHost / idealPerSecond)}`,
    ],
    [
      'sequential baseline',
      b
        ? `${fixed(b.uploadsPerSecond, 3)}/s (${b.uploads} uploads one at a time, ${b.failed} failed; throughput.ts's runner in the bench process, against the same sandbox process at the same latency)`
        : '- (--baseline-uploads 0)',
    ],
    [
      'speed-up',
      b
        ? `${fixed(perHost / b.uploadsPerSecond, 1)}× per host, ${fixed(perProcess / b.uploadsPerSecond, 1)}× per process`
        : '-',
    ],
    [
      'worker CPU',
      `${fixed(cpuMs, 1)} ms per upload (utime+stime of every thread, /proc); ${t.workerCpuSeconds.map((c) => fixed(c / t.seconds, 2)).join(', ')} cores per process`,
    ],
    ['worker threads', threadLine(t.workerThreadCpuSeconds, n)],
    [
      'CPU-bound ceiling',
      `model: ${fixed(1000 / cpuMs, 1)} uploads/s per core, ${fixed((1000 / cpuMs) * r.machine.cpus, 1)}/s for this host's ${r.machine.cpus} cores (from the CPU per upload, if latency were free)`,
    ],
    [
      'worker peak RSS',
      t.peakRss.map((x) => `${fixed(mib(x), 0)} MiB`).join(', ') +
        ' (VmHWM of each process; fresh workers for this run)',
    ],
    [
      'sandbox CPU',
      `${fixed(perUpload(t.sandboxCpuSeconds) * 1000, 1)} ms per upload, not the worker's: sandbox process ${fixed(t.sandboxProcessCpuSeconds / t.seconds, 2)} cores, Temporal dev server and DynamoDB Local ${fixed((t.sandboxCpuSeconds - t.sandboxProcessCpuSeconds) / t.seconds, 2)} cores`,
    ],
    [
      'host CPU',
      `${fixed(t.machineBusyCpuSeconds / t.seconds, 2)} of ${r.machine.cpus} cores busy over the run: workers ${fixed(cpuSeconds / t.seconds, 2)}, sandbox and stack ${fixed(t.sandboxCpuSeconds / t.seconds, 2)}, this bench process ${fixed(t.benchCpuSeconds / t.seconds, 2)}, other processes of the machine ${fixed((t.machineBusyCpuSeconds - cpuSeconds - t.sandboxCpuSeconds - t.benchCpuSeconds) / t.seconds, 2)}`,
    ],
    [
      'Temporal',
      `${int(perUpload(t.cost.actions) * 1000)} actions and ${int(perUpload(t.cost.events) * 1000)} events per 1,000 uploads (${t.cost.runs} runs, largest history ${t.cost.largest.events} events)`,
    ],
  ]
  const width = Math.max(...lines.map(([k]) => k.length))
  for (const [k, v] of lines) console.log(`${k.padEnd(width)}  ${v}`)

  printRequests(r, perUpload)
  printCost(r)
  printProjection(r, perProcess, cpuMs, perUpload)
  for (const p of r.profiles) printProfile(p.pid, p.summary)
  if (o.cpuProf)
    console.log(
      '  · --cpu-prof: the figures above are of profiled workers (the profiler costs CPU too)'
    )
}

function printRequests(r: WorkerBenchResult, perUpload: (x: number) => number) {
  const t = r.throughput
  const sent = sentByService(r)
  const rows = (Object.keys(LABELS) as FaultedServiceName[]).map((name) => [
    LABELS[name],
    fixed(perUpload(t.served[name] ?? 0), 2),
    fixed(perUpload(sent.get(LABELS[name]) ?? 0), 2),
  ])
  for (const [name, count] of sent)
    if (!Object.values(LABELS).includes(name))
      rows.push([name, '-', fixed(perUpload(count), 2)])
  for (const [service, count] of Object.entries(t.aws))
    rows.push([`${service} (AWS SDK)`, '-', fixed(perUpload(count), 2)])
  console.log('\nrequests per upload, by service:')
  console.log(table(['service', 'served (sandbox)', 'sent (workers)'], rows))
  console.log(
    `  · served: the sandbox services' own counters, the latency applies to each (their calls to each other included); sent: the workers' undici requests (fetch included) and AWS SDK sends`
  )
  console.log(
    `  · ledger per upload: ${Object.entries(t.ledger)
      .map(([kind, count]) => `${kind} ${fixed(perUpload(count), 2)}`)
      .join(', ')}`
  )
}

/** What the workers sent over the throughput run, by service name. */
function sentByService(r: WorkerBenchResult): Map<string, number> {
  const names = originNames(r)
  const sent = new Map<string, number>()
  for (const [origin, count] of Object.entries(r.throughput.sent)) {
    const name = names.get(origin) ?? origin
    sent.set(name, (sent.get(name) ?? 0) + count)
  }
  return sent
}

function printProjection(
  r: WorkerBenchResult,
  perProcess: number,
  cpuMs: number,
  perUpload: (x: number) => number
) {
  const { hosts, coresPerHost, uploads } = r.options.projection
  const costRun = r.shape?.run ?? r.throughput
  const requests: Record<string, number> = {}
  for (const [name, count] of sentByService(r))
    requests[name] = perUpload(count)
  for (const [service, count] of Object.entries(r.throughput.aws))
    requests[`${service} (AWS SDK)`] = perUpload(count)
  const p = project({
    uploadsPerSecondPerProcess: perProcess,
    cpuMsPerUpload: cpuMs,
    requestsPerUpload: requests,
    actionsPerUpload:
      costRun.cost.actions / Math.max(1, costRun.result.processed),
    hosts,
    coresPerHost,
    uploads,
  })
  console.log(
    `\nprojection (a model from this run's figures, not a measurement): ${int(uploads)} uploads on ${hosts} hosts of ${coresPerHost} worker processes at ${r.options.latencyMs} ms per call`
  )
  console.log(
    `  ${fixed(p.uploadsPerSecondPerHost, 1)} uploads/s per host (bound by ${p.bound}: ${fixed(perProcess, 1)}/s per process × ${coresPerHost}, or ${coresPerHost} cores ÷ ${fixed(cpuMs, 1)} ms), ${fixed(p.uploadsPerSecond, 0)}/s for the fleet: ${fixed(p.hours, 1)} hours; ${int(p.actions)} Temporal actions (${r.shape ? 'realistic shape' : 'throughput world'})`
  )
  console.log(
    `  requests/s the fleet sends: ${Object.entries(p.requestsPerSecond)
      .filter(([, n]) => n >= 0.5)
      .map(([service, n]) => `${service} ${fixed(n, 0)}`)
      .join(', ')}`
  )
}

function originNames(r: WorkerBenchResult): Map<string, string> {
  const names = new Map<string, string>()
  for (const name of Object.keys(LABELS) as FaultedServiceName[])
    names.set(new URL(r.services[name]).origin, LABELS[name])
  for (const url of r.services.storageNodes)
    names.set(new URL(url).origin, 'storage node')
  const { dynamodb, s3 } = r.endpoints
  if (dynamodb) names.set(new URL(dynamodb).origin, 'dynamodb (HTTP)')
  if (s3) names.set(new URL(s3).origin, 's3/sqs (HTTP)')
  return names
}

function printCost(r: WorkerBenchResult) {
  const rows = [
    {
      name: 'throughput world (real CARs)',
      run: r.throughput,
      world: undefined,
    },
    ...(r.shape
      ? [
          {
            name: 'realistic shape (metadata-only)',
            run: r.shape.run,
            world: r.shape.world,
          },
        ]
      : []),
  ]
  console.log('\nTemporal cost:')
  console.log(
    table(
      [
        'world',
        'uploads',
        'runs',
        'events/1k',
        'actions/1k',
        'largest history',
        'wall s',
        'uploads/s',
        'worker CPU ms/upload',
        'worker peak RSS MiB',
      ],
      rows.map(({ name, run }) => {
        const n = run.result.processed
        const per1k = (x: number) => (n > 0 ? (x / n) * 1000 : undefined)
        const cpu = run.workerCpuSeconds.reduce((a, b) => a + b, 0)
        return [
          name,
          int(n),
          run.cost.runs,
          int(per1k(run.cost.events)),
          int(per1k(run.cost.actions)),
          run.cost.largest.events,
          fixed(run.seconds),
          fixed(n / run.seconds, 1),
          fixed(n > 0 ? (cpu / n) * 1000 : undefined, 1),
          fixed(mib(Math.max(...run.peakRss)), 0),
        ]
      })
    )
  )
  const s = r.shape
  if (!s) return
  const w = s.world
  console.log(
    `  · realistic shape: ${w.customers} customers, ${w.spaces} spaces, ${int(w.uploads)} uploads planned (1/${int(REAL_WORLD.uploads / w.uploads)} of 125k : 257k : 37M; ${fixed(w.uploads / w.spaces)} uploads per space), ${int(s.run.result.processed)} processed; largest space ${int(w.largestSpace)}; metadata-only (no CARs: every upload fails at indexing after the same orchestration), at ${s.run.latencyMs} ms per call, seeded in ${fixed(s.seedSeconds)} s`
  )
  console.log(
    table(
      ['space size', 'spaces', 'of spaces', 'uploads', 'of uploads'],
      w.buckets.map((b) => [
        b.label,
        b.spaces,
        pct(b.spaces / w.spaces),
        int(b.uploads),
        pct(b.uploads / w.uploads),
      ])
    )
  )
  console.log(
    `  · billable actions: workflow, activity and child starts, signals, search-attribute upserts, timers (temporal-run.ts); heartbeats are not in history`
  )
}

export function printProfile(
  pid: number,
  p: ProfileSummary | undefined,
  what = 'worker'
) {
  section(`CPU profile of ${what} ${pid} (main thread, self time)`)
  if (!p) {
    console.log('no .cpuprofile found for this process')
    return
  }
  console.log(
    table(
      ['function', 'file', 'category', '% of busy samples'],
      p.top.map((e) => [
        e.function,
        e.file,
        e.category,
        `${(e.share * 100).toFixed(1)}%`,
      ])
    )
  )
  const caller = new Map(p.byCaller.map((c) => [c.category, c.share]))
  const own = new Map(p.byCategory.map((c) => [c.category, c.share]))
  const categories = [...new Set([...caller.keys(), ...own.keys()])].sort(
    (a, b) => (caller.get(b) ?? 0) - (caller.get(a) ?? 0)
  )
  console.log('\nby category (% of busy samples):')
  console.log(
    table(
      ['category', 'own frame', 'nearest library caller'],
      categories.map((c) => [c, pct1(own.get(c)), pct1(caller.get(c))])
    )
  )
  console.log(
    '  · nearest library caller: a sample in Node (net, http, streams) or a builtin counts for the library that called it'
  )
  console.log(
    `  · ${p.busySamples} busy samples on the main thread (idle left out); profiles: ${p.files
      .map((f) => `thread ${f.thread} ${f.busySamples} busy of ${f.samples}`)
      .join('; ')}`
  )
  console.log(`  · files: ${p.files.map((f) => f.file).join(', ')}`)
}

/** Worker CPU per upload by thread name, the largest first (Node names its own threads `node`). */
function threadLine(byThread: Record<string, number>, uploads: number): string {
  const parts = Object.entries(byThread)
    .filter(([, seconds]) => seconds > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([name, seconds]) => `${name} ${fixed((seconds / uploads) * 1000, 1)}`)
  return `${parts.join(', ')} ms per upload (live threads by name; main: the JavaScript thread; node: V8, libuv and worker threads)`
}

/** `: 12 SHARD_NOT_FOUND, 3 …` of a run's failure rows, the most frequent first. */
function reasons(failures: Record<string, number> | undefined): string {
  const parts = Object.entries(failures ?? {})
    .sort(([, a], [, b]) => b - a)
    .map(([reason, count]) => `${count} ${reason}`)
  return parts.length > 0 ? `: ${parts.join(', ')}` : ''
}
