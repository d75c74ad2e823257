/**
 * Sections 1 and 2: uploads migrated per second by one in-process worker at several
 * concurrencies, with and without an added latency on every sandbox service, next to the ideal
 * for that latency; and a naive sequential runner over the same steps, without Temporal.
 */
import { isPermanent } from '../../src/failures/index.js'
import type { UploadOutcome } from '../../src/migration/migrate-upload.js'
import { DEFAULT_TUNING } from '../../src/workflows/types.js'
import {
  type Counter,
  type CpuSnapshot,
  cpuNow,
  cpuSince,
  secondsSince,
} from './measure.js'
import { type BenchSeeded, seedNotStarted } from './seed.js'
import { type Cell, fixed, section, table } from './table.js'
import { runInstance } from './temporal-run.js'
import type { BenchWorld } from './world.js'

/** `npm run bench -- calls`: HTTP calls of a not-started upload of 2 shards (README). */
export const REFERENCE_CALLS_PER_UPLOAD = 22

export interface ThroughputOptions {
  /** Uploads in flight at once: uploadConcurrency × spaceConcurrency. */
  concurrencies: number[]
  /** Added per request on every sandbox service; 0 is the run without. */
  latencies: number[]
  /** Uploads per space page at once, at most (the rest comes from parallel spaces). */
  maxUploadConcurrency: number
  uploadsPerSlot: number
  minUploads: number
  baselineUploads: number
  shardsPerUpload: number
  blocksPerShard: number
  pageSize: number
  temporal: boolean
  baseline: boolean
  tag: string
}

export interface ThroughputRow {
  runner: 'temporal' | 'baseline'
  latencyMs: number
  concurrency: number
  uploadConcurrency: number
  spaceConcurrency: number
  spaces: number
  uploads: number
  migrated: number
  alreadyMigrated: number
  failed: number
  /** Baseline only: transient errors thrown (Temporal would retry them). */
  thrown?: number
  seconds: number
  uploadsPerSecond: number
  migratedPerSecond: number
  /** concurrency / (latency-bearing calls per upload × latency); none without latency. */
  idealPerSecond?: number
  /** The same with the `bench -- calls` figure of 22 calls per upload. */
  idealPerSecondAt22Calls?: number
  /** uploadsPerSecond / idealPerSecond. */
  ofIdeal?: number
  cpu: {
    processSeconds: number
    stackSeconds?: number
    processMsPerUpload: number
    /** Process CPU seconds per wall second (2 = both cores of this machine). */
    processCores: number
  }
  calls: {
    perUpload: number
    /** Calls to the services the latency applies to, per upload (measured). */
    latencyBearingPerUpload: number
    byService: Record<string, number>
  }
  /** AWS SDK requests per upload (DynamoDB, S3, SQS): no latency is added to them. */
  aws: { perUpload: number; byService: Record<string, number> }
  seedSeconds: number
}

export interface ThroughputResult {
  rows: ThroughputRow[]
  /** Per runner and latency: (s per upload at that latency − at 0) / latency, from concurrency 1. */
  sequentialCallsPerUpload: {
    runner: string
    latencyMs: number
    calls: number
  }[]
  speedUps: {
    latencyMs: number
    concurrency: number
    temporalPerSecond: number
    baselinePerSecond: number
    speedUp: number
  }[]
  notes: string[]
}

/** How a concurrency is reached: up to `max` uploads per page, the rest by parallel spaces. */
export function layout(concurrency: number, max: number) {
  const uploadConcurrency = Math.max(1, Math.min(concurrency, max))
  const spaceConcurrency = Math.ceil(concurrency / uploadConcurrency)
  return { uploadConcurrency, spaceConcurrency }
}

export async function runThroughput(
  world: BenchWorld,
  counters: { http: Counter; aws: Counter },
  options: ThroughputOptions,
  log: (line: string) => void
): Promise<ThroughputResult> {
  const rows: ThroughputRow[] = []
  if (options.temporal) await world.temporal()
  for (const latencyMs of options.latencies) {
    const plans: { runner: 'temporal' | 'baseline'; concurrency: number }[] = [
      ...(options.baseline
        ? [{ runner: 'baseline' as const, concurrency: 1 }]
        : []),
      ...(options.temporal
        ? options.concurrencies.map((concurrency) => ({
            runner: 'temporal' as const,
            concurrency,
          }))
        : []),
    ]
    for (const { runner, concurrency } of plans) {
      const { uploadConcurrency, spaceConcurrency } =
        runner === 'baseline'
          ? { uploadConcurrency: 1, spaceConcurrency: 1 }
          : layout(concurrency, options.maxUploadConcurrency)
      const wanted =
        runner === 'baseline'
          ? options.baselineUploads
          : Math.max(options.minUploads, concurrency * options.uploadsPerSlot)
      const spaces = spaceConcurrency
      const label = `${runner}-c${concurrency}-l${latencyMs}`
      world.setLatency(0)
      const seeded = await seedNotStarted(world, {
        seed: `bench-tp-${label}-${options.tag}`,
        spaces,
        uploadsPerSpace: Math.ceil(wanted / spaces),
        shardsPerUpload: options.shardsPerUpload,
        blocksPerShard: options.blocksPerShard,
      })
      log(
        `${label}: seeded ${seeded.uploadCount} not-started uploads in ${spaces} space(s) in ${seeded.seconds.toFixed(1)} s; migrating`
      )
      const before = counters.http.snapshot()
      const awsBefore = counters.aws.snapshot()
      world.setLatency(latencyMs)
      let run: ReturnType<typeof measured> & { thrown?: number }
      try {
        run =
          runner === 'baseline'
            ? await baselineRun(world, seeded)
            : await temporalRun(world, seeded, {
                uploadConcurrency,
                spaceConcurrency,
                pageSize: options.pageSize,
              })
      } finally {
        world.setLatency(0)
      }
      const byService: Record<string, number> = {}
      for (const [origin, count] of counters.http.since(before)) {
        const name = world.serviceOf(origin)
        byService[name] = (byService[name] ?? 0) + count
      }
      const total = Object.values(byService).reduce((a, b) => a + b, 0)
      const latencyBearing = world.latencyServices.reduce(
        (sum, name) => sum + (byService[name] ?? 0),
        0
      )
      const perUpload = (n: number) => (run.uploads > 0 ? n / run.uploads : 0)
      const aws = Object.fromEntries(counters.aws.since(awsBefore))
      const ideal = (callsPerUpload: number) =>
        latencyMs > 0 && callsPerUpload > 0
          ? concurrency / ((callsPerUpload * latencyMs) / 1000)
          : undefined
      const idealPerSecond = ideal(perUpload(latencyBearing))
      const row: ThroughputRow = {
        ...run,
        runner,
        latencyMs,
        concurrency,
        uploadConcurrency,
        spaceConcurrency,
        idealPerSecond,
        idealPerSecondAt22Calls: ideal(REFERENCE_CALLS_PER_UPLOAD),
        ofIdeal:
          idealPerSecond === undefined
            ? undefined
            : run.uploadsPerSecond / idealPerSecond,
        calls: {
          perUpload: perUpload(total),
          latencyBearingPerUpload: perUpload(latencyBearing),
          byService: Object.fromEntries(
            Object.entries(byService).map(([k, v]) => [k, perUpload(v)])
          ),
        },
        aws: {
          perUpload: perUpload(Object.values(aws).reduce((a, b) => a + b, 0)),
          byService: Object.fromEntries(
            Object.entries(aws).map(([k, v]) => [k, perUpload(v)])
          ),
        },
      }
      rows.push(row)
      log(
        `${label}: ${row.uploads} uploads in ${row.seconds.toFixed(1)} s = ${row.uploadsPerSecond.toFixed(2)}/s`
      )
    }
  }
  return {
    rows,
    sequentialCallsPerUpload: sequentialCalls(rows),
    speedUps: speedUps(rows),
    notes: [
      'uploads: not-started uploads with real CAR shards (nothing in the indexer), ~5% failing on purpose (seeder quirks), ~10% store-protocol; a fresh world per row',
      `concurrency = uploadConcurrency × spaceConcurrency (one space per parallel space); page size ${options.pageSize}`,
      'ideal/s = concurrency / (measured latency-bearing HTTP calls per upload × latency), i.e. as if every call of an upload were sequential and nothing else took time; idealPerSecondAt22Calls (JSON) uses the `bench -- calls` figure of 22 instead',
      'calls/upload: HTTP calls to the latency-bearing services, measured (gateway and migration-space calls amortized over the uploads; sandbox-internal calls to the indexer included); AWS/upload: DynamoDB, S3 and SQS requests, measured, no latency added',
      `latency is added to every request of: ${world.latencyServices.join(', ')}; DynamoDB, S3, SQS and the storage nodes get none`,
      'the sandbox, the seeder and the worker share this Node process: process CPU counts all of them (cores = CPU s / wall s); stack CPU is the Temporal dev server and DynamoDB Local',
      'baseline: one upload at a time with ports.migrateUpload (plus the migration space once per customer and gateway authorization once per space), listing pages from DynamoDB; no failure or progress rows, no retries',
    ],
  }
}

async function temporalRun(
  world: BenchWorld,
  seeded: BenchSeeded,
  tuning: {
    uploadConcurrency: number
    spaceConcurrency: number
    pageSize: number
  }
) {
  const run = await runInstance(world, {
    customers: seeded.customers,
    mode: 'full',
    tuning: { ...tuning, customerConcurrency: 1 },
    label: 'tp',
  })
  return measured(seeded, run.seconds, run.cpu, run.result)
}

/** The naive runner: the same steps, one upload at a time, no Temporal, no bookkeeping. */
export async function baselineRun(
  world: Pick<BenchWorld, 'ports' | 'tables'>,
  seeded: BenchSeeded
) {
  const { ports, tables } = world
  const counts = { processed: 0, migrated: 0, alreadyMigrated: 0, failed: 0 }
  let thrown = 0
  const cpu = cpuNow()
  const started = process.hrtime.bigint()
  const customerOf = new Map(seeded.uploads.map((u) => [u.space, u.customer]))
  for (const customer of seeded.customers) await ports.migrationSpace(customer)
  for (const space of seeded.spaces) {
    const customer = customerOf.get(space) ?? ''
    try {
      await ports.authorizeSpace(customer, space)
    } catch (err) {
      if (!isPermanent(err)) throw err
    }
    let cursor: string | undefined
    do {
      const page = await tables.upload.listPage(space, {
        cursor,
        limit: DEFAULT_TUNING.pageSize,
      })
      for (const upload of page.uploads) {
        let outcome: UploadOutcome | undefined
        try {
          outcome = await ports.migrateUpload(customer, upload, 'full')
        } catch {
          thrown++
        }
        counts.processed++
        if (outcome?.status === 'migrated') counts.migrated++
        else if (outcome?.status === 'already-migrated')
          counts.alreadyMigrated++
        else counts.failed++
      }
      cursor = page.cursor
    } while (cursor)
  }
  return {
    ...measured(seeded, secondsSince(started), cpuSince(cpu), counts),
    thrown,
  }
}

function measured(
  seeded: BenchSeeded,
  seconds: number,
  cpu: CpuSnapshot,
  counts: {
    processed: number
    migrated: number
    alreadyMigrated: number
    failed: number
  }
) {
  return {
    spaces: seeded.spaces.length,
    uploads: counts.processed,
    migrated: counts.migrated,
    alreadyMigrated: counts.alreadyMigrated,
    failed: counts.failed,
    seconds,
    uploadsPerSecond: counts.processed / seconds,
    migratedPerSecond: counts.migrated / seconds,
    cpu: {
      processSeconds: cpu.process,
      stackSeconds: cpu.stack,
      processMsPerUpload:
        counts.processed > 0 ? (cpu.process / counts.processed) * 1000 : 0,
      processCores: cpu.process / seconds,
    },
    seedSeconds: seeded.seconds,
  }
}

function sequentialCalls(rows: ThroughputRow[]) {
  const out: ThroughputResult['sequentialCallsPerUpload'] = []
  for (const row of rows) {
    if (row.concurrency !== 1 || row.latencyMs === 0) continue
    const without = rows.find(
      (r) => r.runner === row.runner && r.concurrency === 1 && r.latencyMs === 0
    )
    if (!without || row.uploads === 0 || without.uploads === 0) continue
    const added = row.seconds / row.uploads - without.seconds / without.uploads
    out.push({
      runner: row.runner,
      latencyMs: row.latencyMs,
      calls: added / (row.latencyMs / 1000),
    })
  }
  return out
}

function speedUps(rows: ThroughputRow[]) {
  const out: ThroughputResult['speedUps'] = []
  for (const row of rows) {
    if (row.runner !== 'temporal') continue
    const baseline = rows.find(
      (r) => r.runner === 'baseline' && r.latencyMs === row.latencyMs
    )
    if (!baseline) continue
    out.push({
      latencyMs: row.latencyMs,
      concurrency: row.concurrency,
      temporalPerSecond: row.uploadsPerSecond,
      baselinePerSecond: baseline.uploadsPerSecond,
      speedUp: row.uploadsPerSecond / baseline.uploadsPerSecond,
    })
  }
  return out
}

export function printThroughput(result: ThroughputResult): void {
  section('Throughput (one in-process worker) and the sequential baseline')
  const rows: Cell[][] = result.rows.map((r) => [
    r.runner,
    r.latencyMs,
    r.runner === 'baseline'
      ? '1 (seq.)'
      : `${r.concurrency} (${r.uploadConcurrency}×${r.spaceConcurrency})`,
    r.uploads,
    `${r.migrated}/${r.failed}${r.thrown ? `/${r.thrown}!` : ''}`,
    fixed(r.seconds),
    fixed(r.uploadsPerSecond, 2),
    fixed(r.idealPerSecond, 2),
    r.ofIdeal === undefined ? undefined : `${(r.ofIdeal * 100).toFixed(0)}%`,
    fixed(r.calls.latencyBearingPerUpload),
    fixed(r.aws.perUpload),
    fixed(r.cpu.processMsPerUpload, 0),
    fixed(r.cpu.processCores, 2),
    fixed(r.cpu.stackSeconds),
  ])
  console.log(
    table(
      [
        'runner',
        'latency ms',
        'concurrency',
        'uploads',
        'ok/failed',
        'wall s',
        'uploads/s',
        'ideal/s',
        'of ideal',
        'calls/upload',
        'AWS/upload',
        'CPU ms/upload',
        'CPU cores',
        'stack CPU s',
      ],
      rows
    )
  )
  if (result.speedUps.length > 0) {
    console.log('\nspeed-up over the sequential baseline, same latency:')
    console.log(
      table(
        ['latency ms', 'concurrency', 'temporal/s', 'baseline/s', 'speed-up'],
        result.speedUps.map((s) => [
          s.latencyMs,
          s.concurrency,
          fixed(s.temporalPerSecond, 2),
          fixed(s.baselinePerSecond, 2),
          `${fixed(s.speedUp, 2)}×`,
        ])
      )
    )
  }
  for (const s of result.sequentialCallsPerUpload)
    console.log(
      `${s.runner} at concurrency 1: the ${s.latencyMs} ms latency added ${fixed(s.calls)} latencies per upload (calls on the critical path; the rest overlap)`
    )
  for (const note of result.notes) console.log(`  · ${note}`)
}
