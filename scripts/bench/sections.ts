/**
 * The default benchmark (`npm run bench`): the migration's performance on this machine, on the
 * embedded stack and the sandbox, with one in-process worker. Prints a table per section and
 * writes every figure to `bench-results/bench-<timestamp>.json`. Asserts nothing.
 * Sections: throughput (uploads/s by concurrency, with and without latency, next to the ideal),
 * baseline (a sequential runner without Temporal, same steps), cost (history events and billable
 * actions per 1,000 uploads), memory (peak RSS by space size), index (shard indexing MB/s next
 * to SHA-256), distribution (consumer scan and upload counting rates on DynamoDB Local).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import { DEFAULT_TUNING, MIGRATION_MODES } from '../../src/workflows/types.js'
import { type CostResult, printCost, runCost } from './cost.js'
import {
  type DistributionResult,
  printDistribution,
  runDistribution,
} from './distribution.js'
import { type IndexResult, printIndex, runIndex } from './index-build.js'
import { type Counter, secondsSince } from './measure.js'
import { type MemoryResult, printMemory, runMemory } from './memory.js'
import { rounded } from './table.js'
import {
  printThroughput,
  REFERENCE_CALLS_PER_UPLOAD,
  runThroughput,
  type ThroughputResult,
} from './throughput.js'
import { startBenchWorld } from './world.js'

const SECTIONS = [
  'throughput',
  'baseline',
  'cost',
  'memory',
  'index',
  'distribution',
] as const
type Section = (typeof SECTIONS)[number]

const numbers = (name: string) => (value: string | number) => {
  const list = String(value)
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number)
  if (list.some((n) => !Number.isFinite(n) || n < 0))
    throw new Error(`--${name}: comma-separated numbers (got "${value}")`)
  return list
}

function sectionsFlags<T>(argv: Argv<T>) {
  return argv
    .option('only', {
      type: 'string',
      default: SECTIONS.join(','),
      describe: `sections to run, comma-separated: ${SECTIONS.join(', ')}`,
      coerce: (value: string): Section[] => {
        const list = value.split(',').filter((s) => s.trim() !== '')
        const unknown = list.filter((s) => !SECTIONS.includes(s as Section))
        if (unknown.length > 0)
          throw new Error(
            `--only: unknown section ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`
          )
        return list as Section[]
      },
    })
    .option('out-dir', {
      type: 'string',
      default: 'bench-results',
      describe: 'where the JSON results go',
    })
    .option('page-size', {
      type: 'number',
      default: DEFAULT_TUNING.pageSize,
      describe: 'uploads per page activity (every Temporal section)',
    })
    .group(
      [
        'concurrencies',
        'latency',
        'max-upload-concurrency',
        'uploads-per-slot',
        'min-uploads',
        'baseline-uploads',
        'shards',
        'blocks',
      ],
      'throughput and baseline:'
    )
    .option('concurrencies', {
      type: 'string',
      default: '1,4,16',
      describe: 'uploads in flight (uploadConcurrency × spaceConcurrency)',
      coerce: numbers('concurrencies'),
    })
    .option('latency', {
      type: 'number',
      default: 100,
      describe:
        'ms added to every request of the indexer, index worker, upload service, carpark and gateway, for the second pass (0: no second pass)',
    })
    .option('max-upload-concurrency', {
      type: 'number',
      default: DEFAULT_TUNING.uploadConcurrency,
      describe: 'uploadConcurrency at most; higher concurrencies add spaces',
    })
    .option('uploads-per-slot', {
      type: 'number',
      default: 4,
      describe: 'uploads seeded per unit of concurrency',
    })
    .option('min-uploads', {
      type: 'number',
      default: 8,
      describe: 'uploads seeded per throughput row, at least',
    })
    .option('baseline-uploads', {
      type: 'number',
      default: 8,
      describe: 'uploads of the sequential baseline, per latency',
    })
    .option('shards', { type: 'number', default: 2, describe: 'per upload' })
    .option('blocks', {
      type: 'number',
      default: 8,
      describe: 'per shard (~1 KiB blocks)',
    })
    .group(
      [
        'cost-customers',
        'cost-spaces',
        'cost-uploads',
        'cost-huge-uploads',
        'cost-mode',
        'cost-small-space-uploads',
        'cost-small-customer-uploads',
      ],
      'cost:'
    )
    .option('cost-customers', {
      type: 'number',
      default: 50,
      describe: 'small-space world: customers',
    })
    .option('cost-spaces', {
      type: 'number',
      default: 4,
      describe: 'small-space world: spaces per customer',
    })
    .option('cost-uploads', {
      type: 'number',
      default: 5,
      describe: 'small-space world: uploads per space',
    })
    .option('cost-huge-uploads', {
      type: 'number',
      default: 2000,
      describe: 'huge-space world: uploads of its one space',
    })
    .option('cost-mode', {
      choices: MIGRATION_MODES,
      default: 'full' as const,
    })
    .option('cost-small-space-uploads', {
      type: 'number',
      default: DEFAULT_TUNING.smallSpaceUploads,
      describe:
        'spaces of at most this many uploads run in batch activities (0: a workflow per space)',
    })
    .option('cost-small-customer-uploads', {
      type: 'number',
      default: DEFAULT_TUNING.smallCustomerUploads,
      describe:
        'customers of at most this many uploads run in batch activities (0: a workflow per customer)',
    })
    .group(['memory-sizes', 'memory-mode', 'memory-sample-ms'], 'memory:')
    .option('memory-sizes', {
      type: 'string',
      default: '1000,10000',
      describe: 'uploads of the one space, per run (metadata-only)',
      coerce: numbers('memory-sizes'),
    })
    .option('memory-mode', {
      choices: ['verify-only', 'full'] as const,
      default: 'verify-only' as const,
      describe:
        'verify-only: check and verify, reads only (about twice as fast); full: also sizes, the failed index attempt and a failure row',
    })
    .option('memory-sample-ms', { type: 'number', default: 200 })
    .group(
      ['index-mib', 'index-shard-mib', 'index-block-sizes', 'index-runs'],
      'index:'
    )
    .option('index-mib', {
      type: 'number',
      default: 32,
      describe: 'bytes of content per block size',
    })
    .option('index-shard-mib', { type: 'number', default: 8 })
    .option('index-block-sizes', {
      type: 'string',
      default: '1024,1048576',
      describe: 'UnixFS chunk sizes (the upload client uses 1 MiB)',
      coerce: numbers('index-block-sizes'),
    })
    .option('index-runs', { type: 'number', default: 2, describe: 'best of' })
    .group(
      [
        'dist-customers',
        'dist-spaces',
        'dist-uploads',
        'scan-segments',
        'count-concurrency',
      ],
      'distribution:'
    )
    .option('dist-customers', { type: 'number', default: 200 })
    .option('dist-spaces', {
      type: 'number',
      default: 5,
      describe: 'per customer',
    })
    .option('dist-uploads', {
      type: 'number',
      default: 10,
      describe: 'per space (metadata-only)',
    })
    .option('scan-segments', {
      type: 'string',
      default: '1,4',
      describe: 'parallel scan segments, one scan each',
      coerce: numbers('scan-segments'),
    })
    .option('count-concurrency', { type: 'number', default: 8 })
}

type SectionsArgs = ArgumentsCamelCase<
  ReturnType<typeof sectionsFlags<object>> extends Argv<infer A> ? A : never
>

/** The default command; `counters` were installed before anything built an HTTP client. */
export const sectionsCommand = (counters: {
  http: Counter
  aws: Counter
}): CommandModule<object, SectionsArgs> => ({
  command: '$0',
  describe: 'every section, or those of --only; figures only, no assertions',
  builder: (argv) => sectionsFlags(argv) as never,
  handler: (argv) => runSections(argv, counters),
})

async function runSections(
  argv: SectionsArgs,
  counters: { http: Counter; aws: Counter }
) {
  const startedAt = new Date()
  const loadAtStart = loadavg()
  const started = process.hrtime.bigint()
  const log = (line: string) =>
    console.error(`[bench ${secondsSince(started).toFixed(0)}s] ${line}`)
  const only = new Set(argv.only)
  const tag = startedAt.getTime().toString(36)

  interface Results {
    throughput?: ThroughputResult
    cost?: CostResult
    memory?: MemoryResult
    index?: IndexResult
    distribution?: DistributionResult
  }
  const results: Results = {}
  const errors: Record<string, string> = {}

  /** A failed section is reported and the others still run. */
  async function attempt(name: string, fn: () => Promise<void>) {
    try {
      await fn()
    } catch (err) {
      errors[name] =
        err instanceof Error ? (err.stack ?? err.message) : String(err)
      log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  // A stray rejection (a stream's internal promise after its section failed) must not end the run.
  process.on('unhandledRejection', (err) =>
    log(
      `unhandled rejection: ${err instanceof Error ? err.message : String(err)}`
    )
  )

  const world = await startBenchWorld(log)
  try {
    if (only.has('throughput') || only.has('baseline'))
      await attempt('throughput', async () => {
        results.throughput = await runThroughput(
          world,
          counters,
          {
            concurrencies: argv.concurrencies,
            latencies: argv.latency > 0 ? [0, argv.latency] : [0],
            maxUploadConcurrency: argv['max-upload-concurrency'],
            uploadsPerSlot: argv['uploads-per-slot'],
            minUploads: argv['min-uploads'],
            baselineUploads: argv['baseline-uploads'],
            shardsPerUpload: argv.shards,
            blocksPerShard: argv.blocks,
            pageSize: argv['page-size'],
            temporal: only.has('throughput'),
            baseline: only.has('baseline'),
            tag,
          },
          log
        )
        printThroughput(results.throughput)
      })
    if (only.has('cost'))
      await attempt('cost', async () => {
        results.cost = await runCost(
          world,
          {
            small: {
              customers: argv['cost-customers'],
              spaces: argv['cost-spaces'],
              uploads: argv['cost-uploads'],
            },
            hugeUploads: argv['cost-huge-uploads'],
            pageSize: argv['page-size'],
            mode: argv['cost-mode'],
            smallSpaceUploads: argv['cost-small-space-uploads'],
            smallCustomerUploads: argv['cost-small-customer-uploads'],
            tag,
          },
          log
        )
        printCost(results.cost)
      })
    if (only.has('memory'))
      await attempt('memory', async () => {
        results.memory = await runMemory(
          world,
          {
            sizes: argv['memory-sizes'],
            mode: argv['memory-mode'],
            pageSize: argv['page-size'],
            sampleMs: argv['memory-sample-ms'],
            tag,
          },
          log
        )
        printMemory(results.memory)
      })
    if (only.has('index'))
      await attempt('index', async () => {
        results.index = await runIndex(
          world,
          {
            mib: argv['index-mib'],
            shardMib: argv['index-shard-mib'],
            blockSizes: argv['index-block-sizes'],
            runs: argv['index-runs'],
          },
          log
        )
        printIndex(results.index)
      })
    if (only.has('distribution'))
      await attempt('distribution', async () => {
        results.distribution = await runDistribution(
          world,
          {
            customers: argv['dist-customers'],
            spaces: argv['dist-spaces'],
            uploads: argv['dist-uploads'],
            segments: argv['scan-segments'],
            countConcurrency: argv['count-concurrency'],
            tag,
          },
          log
        )
        printDistribution(results.distribution)
      })
  } finally {
    await world.stop()
  }

  const cpu = cpus()
  const out = resolve(argv['out-dir'])
  mkdirSync(out, { recursive: true })
  const file = join(
    out,
    `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`
  )
  writeFileSync(
    file,
    `${JSON.stringify(
      rounded({
        startedAt: startedAt.toISOString(),
        seconds: secondsSince(started),
        machine: {
          cpus: cpu.length,
          cpuModel: cpu[0]?.model,
          memoryGiB: totalmem() / 2 ** 30,
          loadAverageAtStart: loadAtStart,
          node: process.version,
          platform: `${process.platform} ${release()}`,
        },
        options: Object.fromEntries(
          Object.entries(argv).filter(
            ([k]) => k !== '_' && k !== '$0' && !k.includes('-')
          )
        ),
        referenceCallsPerUpload: REFERENCE_CALLS_PER_UPLOAD,
        ...results,
        errors,
      }),
      null,
      2
    )}\n`
  )
  console.log(
    `\n${Object.keys(errors).length > 0 ? `sections failed: ${Object.keys(errors).join(', ')}; ` : ''}results written to ${file} (${secondsSince(started).toFixed(0)} s in all)`
  )
  if (Object.keys(errors).length > 0) process.exitCode = 1
}
