/**
 * `npm run bench -- worker`: the worker measured on its own. The stack and the sandbox run in a
 * child process (sandbox-process.ts); the worker runs as one or more OS processes of the
 * production entry point; the sequential baseline runs in this process. One run migrates
 * not-started uploads with real CARs at an added latency per call (throughput, CPU, requests,
 * Temporal cost), runs the baseline at the same latency, and migrates a metadata-only world of
 * the real data's shape (Temporal cost). Prints figures; asserts nothing.
 *   npm run bench -- worker --latency 100 --in-flight 80
 *   npm run bench -- worker --processes 2 --cpu-prof
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Client, Connection } from '@temporalio/client'
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import { temporalConnectionOptions } from '../../src/config/temporal-connection.js'
import { DEFAULT_TUNING } from '../../src/workflows/types.js'
import { type ProfileSummary, summarizeProfiles } from './cpu-profile.js'
import { secondsSince } from './measure.js'
import { startRemoteSandbox } from './remote-sandbox.js'
import { seedMetadataOnly, seedNotStarted } from './seed.js'
import { rounded } from './table.js'
import type { TemporalWorld } from './temporal-run.js'
import { baselineRun, layout } from './throughput.js'
import {
  printProfile,
  printWorkerBench,
  type WorkerBenchResult,
} from './worker-report.js'
import { startWorkerPool, type WorkerPool } from './worker-process.js'
import { measuredRun } from './worker-run.js'
import { shapeOf } from './worker-shape.js'

function flags<T>(argv: Argv<T>) {
  return argv
    .option('latency', {
      type: 'number',
      default: 100,
      describe:
        'ms added to every request of the indexer, index worker, upload service, carpark and gateway',
    })
    .option('in-flight', {
      type: 'number',
      default: 80,
      describe: 'uploads in flight: uploadConcurrency × spaceConcurrency',
    })
    .option('max-upload-concurrency', {
      type: 'number',
      default: 20,
      describe:
        'uploads per page at once, at most; the rest by parallel spaces',
    })
    .option('uploads', {
      type: 'number',
      default: 1000,
      describe: 'not-started uploads with real CARs for the throughput run',
    })
    .option('shards', { type: 'number', default: 2, describe: 'per upload' })
    .option('blocks', {
      type: 'number',
      default: 8,
      describe: 'per shard (~1 KiB blocks)',
    })
    .option('processes', {
      type: 'number',
      default: 1,
      describe: 'worker processes, on one task queue',
    })
    .option('max-concurrent-activities', {
      type: 'number',
      default: 20,
      describe: 'per worker process',
    })
    .option('baseline-uploads', {
      type: 'number',
      default: 8,
      describe: 'uploads of the sequential baseline (0: none)',
    })
    .option('shape-customers', {
      type: 'number',
      default: 31,
      describe:
        'customers of the realistic-shape world, metadata-only (31: 1/4000 of the real data, ~9,200 uploads; 125: 1/1000, the first with a 10k+ space; 0: none)',
    })
    .option('shape-latency', {
      type: 'number',
      default: 0,
      describe:
        'ms per call for the realistic-shape run (its cost does not depend on it)',
    })
    .option('page-size', { type: 'number', default: DEFAULT_TUNING.pageSize })
    .option('small-space-uploads', {
      type: 'number',
      default: DEFAULT_TUNING.smallSpaceUploads ?? 0,
      describe:
        'spaces of at most this many uploads migrate in batch activities (0: a workflow per space)',
    })
    .option('small-customer-uploads', {
      type: 'number',
      default: DEFAULT_TUNING.smallCustomerUploads ?? 0,
      describe:
        'customers of at most this many uploads (one page of small spaces) migrate in batch activities (0: a workflow per customer)',
    })
    .option('cpu-prof', {
      type: 'boolean',
      default: false,
      describe:
        'run the workers under node --cpu-prof (into --out-dir) and print the top self-time entries',
    })
    .option('metrics', {
      type: 'boolean',
      default: false,
      describe:
        'each worker process serves /metrics (--metrics-port), so that CPU per upload includes the application metrics',
    })
    .option('out-dir', { type: 'string', default: 'bench-results' })
    .option('sandbox-cpu-prof', {
      type: 'boolean',
      default: false,
      describe:
        'run the sandbox process under node --cpu-prof too (its profile, of its whole life, into --out-dir at the end)',
    })
    .option('worker-node-flags', {
      type: 'string',
      default: '',
      describe:
        'Node flags of the worker processes only, space-separated (e.g. --max-semi-space-size=64)',
    })
    .option('project-hosts', {
      type: 'number',
      default: 5,
      describe:
        'worker hosts of the projection (a model from the measured figures)',
    })
    .option('project-cores', {
      type: 'number',
      describe:
        "cores (worker processes) per projected host; default: this machine's",
    })
    .option('project-uploads', {
      type: 'number',
      default: 37_000_000,
      describe: 'uploads of the projected migration',
    })
}

type Args = ArgumentsCamelCase<
  ReturnType<typeof flags<object>> extends Argv<infer A> ? A : never
>

export const workerCommand: CommandModule<object, Args> = {
  command: 'worker',
  describe:
    'the worker in its own processes, the sandbox in another: uploads/s, of ideal, speed-up, CPU, requests and Temporal cost per upload',
  builder: (argv) => flags(argv) as never,
  handler: runWorkerBench,
}

async function runWorkerBench(args: Args) {
  const startedAt = new Date()
  const started = process.hrtime.bigint()
  const log = (line: string) =>
    console.error(`[bench ${secondsSince(started).toFixed(0)}s] ${line}`)
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-')
  const tag = startedAt.getTime().toString(36)
  const out = resolve(args.outDir)
  mkdirSync(out, { recursive: true })
  const logDir = mkdtempSync(join(tmpdir(), 'bench-worker-'))
  const cpuProfDir = args.cpuProf ? join(out, `cpu-prof-${stamp}`) : undefined
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true })
  const loadAtStart = loadavg()

  const sandboxProfDir = args.sandboxCpuProf
    ? join(out, `sandbox-cpu-prof-${stamp}`)
    : undefined
  const sandbox = await startRemoteSandbox(logDir, log, sandboxProfDir)
  const pools: WorkerPool[] = []
  let connection: Connection | undefined
  try {
    connection = await Connection.connect(
      temporalConnectionOptions(sandbox.config.temporal)
    )
    const client = new Client({
      connection,
      namespace: sandbox.config.temporal.namespace,
    })
    const { uploadConcurrency, spaceConcurrency } = layout(
      args.inFlight,
      args.maxUploadConcurrency
    )
    const tp = await seedNotStarted(sandbox, {
      seed: `bench-worker-tp-${tag}`,
      spaces: spaceConcurrency,
      uploadsPerSpace: Math.ceil(args.uploads / spaceConcurrency),
      shardsPerUpload: args.shards,
      blocksPerShard: args.blocks,
    })
    log(
      `seeded ${tp.uploadCount} not-started uploads with real CARs in ${spaceConcurrency} spaces in ${tp.seconds.toFixed(1)} s`
    )
    const base =
      args.baselineUploads > 0
        ? await seedNotStarted(sandbox, {
            seed: `bench-worker-base-${tag}`,
            spaces: 1,
            uploadsPerSpace: args.baselineUploads,
            shardsPerUpload: args.shards,
            blocksPerShard: args.blocks,
          })
        : undefined

    const taskQueue = `bench-worker-${tag}`
    const workerOptions = {
      envFile: sandbox.envFile,
      env: sandbox.env,
      workflowBundle: sandbox.workflowBundle,
      taskQueue,
      maxConcurrentActivities: args.maxConcurrentActivities,
      logDir,
      nodeFlags: args.workerNodeFlags.split(/\s+/).filter(Boolean),
      metrics: args.metrics,
    }
    let launched = 0
    /** Fresh workers per measured run, so that its profile and peak RSS are its own. */
    const startWorkers = async (profile?: string) => {
      const pool = await startWorkerPool(
        args.processes,
        launched + 1,
        { ...workerOptions, cpuProfDir: profile },
        log
      )
      launched += args.processes
      pools.push(pool)
      const world: TemporalWorld = {
        config: sandbox.config,
        temporal: () =>
          Promise.resolve({
            client,
            taskQueue,
            namespace: sandbox.config.temporal.namespace,
            workerStopped: pool.stopped,
          }),
      }
      return { pool, world }
    }

    log(
      `throughput: ${tp.uploadCount} uploads, ${args.inFlight} in flight (${uploadConcurrency}×${spaceConcurrency}), ${args.latency} ms per call`
    )
    const tpWorkers = await startWorkers(cpuProfDir)
    const throughput = await measuredRun(
      tpWorkers.world,
      sandbox,
      tpWorkers.pool.workers,
      {
        customers: tp.customers,
        mode: 'full',
        tuning: {
          uploadConcurrency,
          spaceConcurrency,
          customerConcurrency: 1,
          pageSize: args.pageSize,
          smallSpaceUploads: args.smallSpaceUploads,
          smallCustomerUploads: args.smallCustomerUploads,
        },
        latencyMs: args.latency,
        label: 'worker-tp',
      }
    )
    log(
      `throughput: ${throughput.result.processed} uploads in ${throughput.seconds.toFixed(1)} s`
    )
    await tpWorkers.pool.stop()
    const profiles: { pid: number; summary?: ProfileSummary }[] = cpuProfDir
      ? tpWorkers.pool.workers.map((w) => ({
          pid: w.pid,
          summary: summarizeProfiles(cpuProfDir, w.pid),
        }))
      : []

    let baseline
    if (base) {
      await sandbox.setLatency(args.latency)
      try {
        baseline = await baselineRun(sandbox, base)
      } finally {
        await sandbox.setLatency(0)
      }
      log(
        `baseline: ${baseline.uploads} uploads in ${baseline.seconds.toFixed(1)} s`
      )
    }

    let shape
    if (args.shapeCustomers > 0) {
      const options = {
        seed: `bench-worker-shape-${tag}`,
        customers: args.shapeCustomers,
        spacesPerCustomer: 0,
        uploadsPerSpace: 0,
        largeSpaces: 0,
        largeSpaceUploads: 0,
        shardsPerUpload: args.shards,
        shape: 'realistic' as const,
      }
      const seeded = await seedMetadataOnly(sandbox, options)
      log(
        `realistic shape: seeded ${seeded.uploadCount} metadata-only uploads in ${seeded.report.spaces} spaces of ${seeded.report.customers} customers in ${seeded.seconds.toFixed(1)} s; migrating`
      )
      const shapeWorkers = await startWorkers()
      const run = await measuredRun(
        shapeWorkers.world,
        sandbox,
        shapeWorkers.pool.workers,
        {
          customers: seeded.customers,
          mode: 'full',
          tuning: {
            pageSize: args.pageSize,
            smallSpaceUploads: args.smallSpaceUploads,
            smallCustomerUploads: args.smallCustomerUploads,
          },
          latencyMs: args.shapeLatency,
          label: 'worker-shape',
        }
      )
      log(
        `realistic shape: ${run.result.processed} uploads in ${run.seconds.toFixed(1)} s`
      )
      await shapeWorkers.pool.stop()
      shape = { run, world: shapeOf(options), seedSeconds: seeded.seconds }
    }

    const result: WorkerBenchResult = {
      startedAt: startedAt.toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        loadAverageAtStart: loadAtStart,
        node: process.version,
      },
      options: {
        latencyMs: args.latency,
        inFlight: args.inFlight,
        uploadConcurrency,
        spaceConcurrency,
        processes: args.processes,
        maxConcurrentActivities: args.maxConcurrentActivities,
        pageSize: args.pageSize,
        smallSpaceUploads: args.smallSpaceUploads,
        smallCustomerUploads: args.smallCustomerUploads,
        shardsPerUpload: args.shards,
        blocksPerShard: args.blocks,
        cpuProf: args.cpuProf,
        workerNodeFlags: args.workerNodeFlags,
        projection: {
          hosts: args.projectHosts,
          coresPerHost: args.projectCores ?? cpus().length,
          uploads: args.projectUploads,
        },
      },
      services: await sandbox.services(),
      endpoints: {
        dynamodb: sandbox.env.DYNAMODB_ENDPOINT,
        s3: sandbox.env.S3_ENDPOINT,
      },
      throughput,
      baseline,
      shape,
      profiles,
      cpuProfDir,
    }
    printWorkerBench(result)
    const file = join(out, `worker-${stamp}.json`)
    writeFileSync(file, `${JSON.stringify(rounded(result), null, 2)}\n`)
    console.log(
      `\nresults written to ${file} (${secondsSince(started).toFixed(0)} s in all; worker logs in ${logDir})`
    )
  } finally {
    for (const pool of pools) await pool.stop()
    await connection?.close()
    await sandbox.stop()
  }
  if (sandboxProfDir && sandbox.pid !== undefined)
    printProfile(
      sandbox.pid,
      summarizeProfiles(sandboxProfDir, sandbox.pid),
      'the sandbox (its whole life, seeding included)'
    )
}
