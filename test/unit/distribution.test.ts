import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, mock } from 'node:test'
import yargs from 'yargs'
import {
  balance,
  CheckpointFile,
  countCustomers,
  CountingStopped,
  type CustomerCount,
  DEFAULT_UPLOADS_PER_MINUTE,
  describeRate,
  type DistributionTables,
  DistributionInputError,
  estimateMinutes,
  exclusionOf,
  type InstancePlan,
  instanceNumberOf,
  isRetryable,
  isSkipped,
  limiter,
  loadSpread,
  matchesFilter,
  optionsProblem,
  parseFilter,
  perSecond,
  rateOf,
  renderAnalysis,
  renderInstances,
  renderLoadBalance,
  renderTimeEstimate,
  renderUploadDistribution,
  runPool,
  runSetupDistribution,
  scanCustomers,
  setupDistributionFlags,
  setupDistributionHandler,
  SKIP_LIST,
  startProgress,
  toDistributionOptions,
  withRetry,
} from '../../src/client/distribution/index.js'
import { formatEstimate, type Output } from '../../src/client/shared/index.js'
import type { CustomerProgress } from '../../src/services/dynamo/migration-customers-table.js'

/** The "Understanding the Output" example of spec/SETUP_DISTRIBUTION.md, without its "..." line. */
const SPEC_EXAMPLE = `Customer Distribution Analysis
======================================================================
Total customers: 125,432
Total uploads: 37,028,823
Total spaces: 256,789
Average uploads/customer: 295

Instance Distribution
======================================================================
Instance 1:
  Customers: 25,086
  Uploads: 7,405,764 (20.0%)
  Spaces: 51,357
  Estimated time (10 workers): 15.3 days

Instance 2:
  Customers: 25,087
  Uploads: 7,405,765 (20.0%)
  Spaces: 51,358
  Estimated time (10 workers): 15.3 days

Load Balance:
  Min uploads/instance: 7,405,764
  Max uploads/instance: 7,405,765
  Variance: 0.0%
`

const count = (
  customer: string,
  uploads: number,
  spaces = 1,
  emptySpaces = 0
): CustomerCount => ({ customer, uploads, spaces, emptySpaces })

const noSleep = async () => undefined

class Throttled extends Error {
  override name = 'ProvisionedThroughputExceededException'
}

describe('skip list and --filter', () => {
  it('skips the listed DIDs and every DID under them, nothing else', () => {
    assert.equal(isSkipped('did:mailto:mailslurp.com'), true)
    assert.equal(isSkipped('did:mailto:mailslurp.com:ci-42'), true)
    assert.equal(isSkipped('did:mailto:mailslurp.net:x'), true)
    assert.equal(isSkipped('did:mailto:weatherxm.com:weatherxmdev'), true)
    assert.equal(isSkipped('did:mailto:textile.io:ops+basin'), true)
    assert.equal(isSkipped('did:mailto:mailslurp.community:x'), false)
    assert.equal(isSkipped('did:mailto:weatherxm.com:someone'), false)
    assert.equal(isSkipped('did:mailto:textile.io:ops'), false)
    assert.equal(SKIP_LIST.length, 5)
  })

  it('splits --filter on commas, trims, drops empty patterns', () => {
    assert.deepEqual(parseFilter(' storacha.network, did:mailto:a.com ,,'), [
      'storacha.network',
      'did:mailto:a.com',
    ])
    assert.deepEqual(parseFilter(undefined), [])
  })

  it('matches a whole DID, a prefix up to a colon, or a colon-delimited part', () => {
    const alice = 'did:mailto:storacha.network:alice'
    assert.equal(matchesFilter(alice, []), true)
    assert.equal(matchesFilter(alice, ['storacha.network']), true)
    assert.equal(matchesFilter(alice, ['did:mailto:storacha.network']), true)
    assert.equal(matchesFilter(alice, [alice]), true)
    assert.equal(matchesFilter(alice, ['other.com', 'alice']), false)
    assert.equal(matchesFilter(alice, ['storacha']), false)
    assert.equal(
      matchesFilter('did:mailto:x.storacha.network:bob', ['storacha.network']),
      false
    )
    assert.equal(
      matchesFilter('did:mailto:storacha.networks:bob', ['storacha.network']),
      false
    )
  })

  it('applies the skip list before the include filter', () => {
    assert.equal(
      exclusionOf('did:mailto:mailslurp.com:a', ['mailslurp.com']),
      'skip-list'
    )
    assert.equal(exclusionOf('did:mailto:a.com:b', ['c.com']), 'filter')
    assert.equal(exclusionOf('did:mailto:a.com:b', ['a.com']), undefined)
  })
})

describe('greedy balancing', () => {
  it('gives each customer, largest first, to the least-loaded instance', () => {
    const plan = balance(
      [
        count('did:mailto:a:1', 10),
        count('did:mailto:a:2', 7),
        count('did:mailto:a:3', 6),
        count('did:mailto:a:4', 5),
        count('did:mailto:a:5', 2),
      ],
      2
    )
    assert.deepEqual(
      plan.map((i) => [i.instance, i.customers, i.uploads]),
      [
        [1, ['did:mailto:a:1', 'did:mailto:a:4'], 15],
        [2, ['did:mailto:a:2', 'did:mailto:a:3', 'did:mailto:a:5'], 15],
      ]
    )
  })

  it('places every customer exactly once and keeps the totals', () => {
    const customers = Array.from({ length: 200 }, (_, i) =>
      count(`did:mailto:x.com:${i}`, (i * 7919) % 1000, 1 + (i % 3))
    )
    const plan = balance(customers, 7)
    const placed = plan.flatMap((i) => i.customers)
    assert.equal(new Set(placed).size, 200)
    assert.equal(
      plan.reduce((s, i) => s + i.uploads, 0),
      customers.reduce((s, c) => s + c.uploads, 0)
    )
    assert.equal(
      plan.reduce((s, i) => s + i.spaces, 0),
      customers.reduce((s, c) => s + c.spaces, 0)
    )
    const { min, max } = loadSpread(plan)
    assert.ok(max - min <= 999, 'greedy is within one customer of balance')
  })

  it('spreads customers without uploads instead of piling them on one instance', () => {
    const plan = balance(
      Array.from({ length: 9 }, (_, i) => count(`did:mailto:z:${i}`, 0)),
      3
    )
    assert.deepEqual(
      plan.map((i) => i.customers.length),
      [3, 3, 3]
    )
  })

  it('is deterministic whatever the input order', () => {
    const customers = [
      count('did:mailto:b', 5),
      count('did:mailto:a', 5),
      count('did:mailto:c', 9),
    ]
    assert.deepEqual(balance(customers, 2), balance(customers.reverse(), 2))
  })

  it('leaves instances empty when there are fewer customers, and refuses no instance', () => {
    const plan = balance([count('did:mailto:a', 1)], 3)
    assert.deepEqual(
      plan.map((i) => i.customers.length),
      [1, 0, 0]
    )
    assert.throws(() => balance([], 0), RangeError)
  })

  it('measures the spread as (max − min) / mean', () => {
    const plan = [
      { instance: 1, customers: [], uploads: 90, spaces: 0 },
      { instance: 2, customers: [], uploads: 110, spaces: 0 },
    ]
    assert.deepEqual(loadSpread(plan), {
      min: 90,
      max: 110,
      mean: 100,
      spreadPercent: 20,
    })
    assert.equal(loadSpread([]).spreadPercent, 0)
  })
})

describe('time estimates', () => {
  it('divides uploads over workers at the per-worker rate', () => {
    assert.equal(estimateMinutes(2700, 10, 27), 10)
    assert.equal(estimateMinutes(0, 10, 27), 0)
    // The spec's 7.4 M uploads at the original's 27/min with 10 workers: 19 days, not its 15.3.
    assert.equal(
      formatEstimate(
        estimateMinutes(7_405_764, 10, DEFAULT_UPLOADS_PER_MINUTE)
      ),
      '19.0 days'
    )
  })

  it('says days, hours or minutes depending on the size', () => {
    assert.equal(formatEstimate(1440 * 15.3), '15.3 days')
    assert.equal(formatEstimate(90), '1.5 hours')
    assert.equal(formatEstimate(0.2), '1 minute')
    assert.equal(formatEstimate(42), '42 minutes')
    assert.equal(formatEstimate(0), '0 minutes')
  })

  it('says where the rate came from', () => {
    assert.deepEqual(rateOf(undefined), {
      uploadsPerMinute: 27,
      source: 'default',
    })
    assert.match(describeRate(rateOf(undefined)), /^27 .*default.*original/)
    assert.match(describeRate(rateOf(40)), /^40 .*--uploads-per-minute/)
  })
})

describe('report layout', () => {
  const customers = (n: number) =>
    Array.from({ length: n }, (_, i) => `did:mailto:x:${i}`)
  const plan: InstancePlan[] = [
    {
      instance: 1,
      customers: customers(25_086),
      uploads: 7_405_764,
      spaces: 51_357,
    },
    {
      instance: 2,
      customers: customers(25_087),
      uploads: 7_405_765,
      spaces: 51_358,
    },
  ]

  it('renders the analysis, instances and load balance exactly as the spec example', () => {
    // The spec's 15.3 days for 7.4 M uploads and 10 workers means about 33.6 uploads/min/worker.
    const rate = rateOf(33.6)
    const text =
      renderAnalysis({
        customers: 125_432,
        uploads: 37_028_823,
        spaces: 256_789,
        emptySpaces: 0,
      }) +
      renderInstances(plan, 37_028_823, { workersPerInstance: 10, rate }) +
      renderLoadBalance(plan)
    assert.equal(text.trimEnd() + '\n', SPEC_EXAMPLE)
  })

  it('says the rate and its source in the time estimate', () => {
    const text = renderTimeEstimate(plan, {
      workersPerInstance: 10,
      rate: rateOf(undefined),
    })
    assert.match(text, /^Time Estimate\n={70}\n/)
    assert.match(text, /Rate: 27 uploads\/minute per worker \(default/)
    assert.match(
      text,
      /Workers: 10 per instance, 20 in all \(540 uploads\/minute combined\)/
    )
    assert.match(text, /Slowest instance: 7,405,765 uploads, 19\.0 days/)
  })

  it('counts customers per upload range, customers without uploads included', () => {
    const text = renderUploadDistribution([
      count('did:mailto:a', 0, 2, 2),
      count('did:mailto:b', 5, 2, 1),
      count('did:mailto:c', 150_000, 1),
    ])
    assert.match(text, / {2}0 {9}: {8}1 customers \(33\.3%\)/)
    assert.match(text, / {2}1-10 {6}: {8}1 customers/)
    assert.match(text, / {2}100K\+ {5}: {8}1 customers/)
    assert.match(text, /Spaces without uploads: 3 of 5 \(60\.0%\)/)
  })
})

describe('options', () => {
  it('accepts the defaults with --instances, or --analyze alone', () => {
    assert.equal(optionsProblem({ instances: 5 }), undefined)
    assert.equal(optionsProblem({ analyze: true }), undefined)
  })

  it('refuses what cannot run, naming the flag', () => {
    const cases: [Parameters<typeof optionsProblem>[0], RegExp][] = [
      [{}, /--instances is required/],
      [{ instances: 0 }, /--instances must be a positive/],
      [{ instances: 2.5 }, /--instances/],
      [{ instances: NaN }, /--instances/],
      [{ instances: 2, parallelSegments: 0 }, /--parallel-segments .*1 to 10/],
      [{ instances: 2, parallelSegments: 11 }, /--parallel-segments .*got 11/],
      [{ instances: 2, workersPerInstance: 0 }, /--workers-per-instance/],
      [{ instances: 2, minUploads: -1 }, /--min-uploads/],
      [{ instances: 2, uploadsPerMinute: 0 }, /--uploads-per-minute/],
      [{ instances: 2, filter: ' , ' }, /--filter/],
      [{ instances: 2, outDir: ' ' }, /--out-dir/],
    ]
    for (const [options, message] of cases)
      assert.match(optionsProblem(options) ?? '', message)
  })
})

describe('retries and concurrency', () => {
  it('retries throttling and timeouts with exponential backoff', async () => {
    const delays: number[] = []
    let calls = 0
    const value = await withRetry(
      async () => {
        if (++calls < 4) throw new Throttled('slow down')
        return 'ok'
      },
      { sleep: async (ms) => delays.push(ms) }
    )
    assert.equal(value, 'ok')
    assert.deepEqual(delays, [1000, 2000, 4000])
  })

  it('gives up after the last retry, and at once on other errors', async () => {
    let calls = 0
    await assert.rejects(
      withRetry(
        async () => {
          calls++
          throw new Throttled('slow down')
        },
        { retries: 2, sleep: noSleep }
      ),
      Throttled
    )
    assert.equal(calls, 3)
    calls = 0
    await assert.rejects(
      withRetry(
        async () => {
          calls++
          throw new Error('ValidationException')
        },
        { sleep: noSleep }
      )
    )
    assert.equal(calls, 1)
  })

  it('classifies errors', () => {
    const timeout = Object.assign(new Error('t'), { code: 'ETIMEDOUT' })
    const server = Object.assign(new Error('s'), {
      $metadata: { httpStatusCode: 503 },
    })
    const timeoutError = new Error('t')
    timeoutError.name = 'TimeoutError'
    assert.equal(isRetryable(timeout), true)
    assert.equal(isRetryable(server), true)
    assert.equal(isRetryable(timeoutError), true)
    assert.equal(isRetryable(new Error('no')), false)
    assert.equal(isRetryable('text'), false)
  })

  it('never runs more than the limit at once', async () => {
    const limit = limiter(3)
    let active = 0
    let peak = 0
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limit(async () => {
          peak = Math.max(peak, ++active)
          await new Promise((resolve) => setImmediate(resolve))
          active--
        })
      )
    )
    assert.equal(peak, 3)
  })

  it('stops taking items after a failure and throws it', async () => {
    const started: number[] = []
    await assert.rejects(
      runPool([1, 2, 3, 4, 5, 6], 2, async (n) => {
        started.push(n)
        if (n === 2) throw new Error('two')
      }),
      /two/
    )
    assert.ok(started.length < 6)
  })
})

describe('instance file names', () => {
  it('recognises the instance files of one environment only', () => {
    assert.equal(
      instanceNumberOf('instance-3-customers-staging.json', 'staging'),
      3
    )
    assert.equal(
      instanceNumberOf('instance-12-customers-production.json', 'production'),
      12
    )
    assert.equal(
      instanceNumberOf('instance-3-customers-production.json', 'staging'),
      undefined
    )
    assert.equal(
      instanceNumberOf('instance-x-customers-staging.json', 'staging'),
      undefined
    )
    assert.equal(
      instanceNumberOf('instance-3-customers-staging.json.tmp', 'staging'),
      undefined
    )
  })
})

/** In-memory tables: consumer rows, upload counts per space, and the rows written. */
function memoryTables(
  consumers: { space: string; customer: string }[],
  uploads: Record<string, number>,
  migrationSpaces: Record<string, string> = {}
) {
  const rows = new Map<string, CustomerProgress>()
  const calls = { count: 0 }
  const tables: DistributionTables = {
    consumer: {
      async *scanSegment(segment: number, total: number) {
        const mine = consumers.filter((_, i) => i % total === segment)
        for (let i = 0; i < mine.length; i += 2) yield mine.slice(i, i + 2)
      },
      /** The first row listed for a space owns it. */
      async ownerOf(space: string) {
        const row = consumers.find((c) => c.space === space)
        return (
          row && {
            consumer: space,
            customer: row.customer,
            provider: 'did:web:test',
            subscription: `${row.customer}:${space}`,
          }
        )
      },
    },
    upload: {
      async count(space: string) {
        calls.count++
        return uploads[space] ?? 0
      },
    },
    migrationSpaces: {
      async get(customer: string) {
        const space = migrationSpaces[customer]
        return space
          ? {
              customer,
              migrationSpace: space,
              spaceName: 'm',
              privateKey: '',
              status: 'delegated' as const,
              created: '',
              indexCount: 0,
            }
          : undefined
      },
    },
    migrationCustomers: {
      async assign(customer, fields) {
        if (rows.get(customer)?.status === 'completed') return false
        rows.set(customer, {
          customer,
          status: 'pending',
          completedSpaces: 0,
          completedUploads: 0,
          totalSpaces: 0,
          totalUploads: 0,
          error: '',
          updatedAt: '',
          ...fields,
        })
        return true
      },
      async *scanAll() {
        yield [...rows.values()]
      },
    },
  }
  return { tables, rows, calls }
}

const buffer = (): Output & { text: string } => {
  const out = {
    text: '',
    write(chunk: string) {
      out.text += chunk
    },
  }
  return out
}

const CONSUMERS = [
  { customer: 'did:mailto:a.com:big', space: 'did:key:z1' },
  { customer: 'did:mailto:a.com:big', space: 'did:key:z2' },
  { customer: 'did:mailto:a.com:big', space: 'did:key:zMigration' },
  { customer: 'did:mailto:b.com:small', space: 'did:key:z3' },
  { customer: 'did:mailto:b.com:small', space: 'did:key:z3' },
  { customer: 'did:mailto:mailslurp.com:ci', space: 'did:key:z4' },
  { customer: 'undefined', space: 'did:key:z5' },
]
const UPLOADS = { 'did:key:z1': 10, 'did:key:z2': 0, 'did:key:z3': 4 }

describe('scanning and counting', () => {
  it('groups spaces by customer, leaving out skipped, filtered and broken rows', async () => {
    const { tables } = memoryTables(CONSUMERS, UPLOADS)
    const scan = await scanCustomers(tables.consumer, {
      segments: 3,
      patterns: [],
    })
    assert.equal(scan.records, 7)
    assert.equal(scan.invalid, 1)
    assert.deepEqual([...scan.skipped], ['did:mailto:mailslurp.com:ci'])
    assert.deepEqual(
      [...(scan.spaces.get('did:mailto:b.com:small') ?? [])],
      ['did:key:z3']
    )
    const filtered = await scanCustomers(tables.consumer, {
      segments: 1,
      patterns: ['a.com'],
    })
    assert.deepEqual([...filtered.spaces.keys()], ['did:mailto:a.com:big'])
    assert.equal(filtered.filteredOut, 1)
  })

  it('plans a space provisioned to two customers under its owner only', async () => {
    const { tables } = memoryTables(
      [
        ...CONSUMERS,
        { customer: 'did:mailto:b.com:small', space: 'did:key:z1' },
      ],
      UPLOADS
    )
    const scan = await scanCustomers(tables.consumer, {
      segments: 3,
      patterns: [],
    })
    assert.equal(scan.contested, 1)
    assert.ok(scan.spaces.get('did:mailto:a.com:big')?.has('did:key:z1'))
    assert.deepEqual(
      [...(scan.spaces.get('did:mailto:b.com:small') ?? [])],
      ['did:key:z3']
    )
  })

  it('counts each customer’s uploads without its migration space', async () => {
    const { tables, calls } = memoryTables(CONSUMERS, UPLOADS, {
      'did:mailto:a.com:big': 'did:key:zMigration',
    })
    const scan = await scanCustomers(tables.consumer, {
      segments: 2,
      patterns: [],
    })
    const { counts } = await countCustomers(tables, scan.spaces)
    const big = counts.find((c) => c.customer === 'did:mailto:a.com:big')
    assert.deepEqual(big, {
      customer: 'did:mailto:a.com:big',
      uploads: 10,
      spaces: 2,
      emptySpaces: 1,
      scanned: 3,
    })
    assert.equal(calls.count, 3)
  })

  it('saves a checkpoint when counting fails, and resumes from it by customer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'distribution-'))
    const checkpoint = new CheckpointFile(dir, 'local')
    const spaces = new Map(
      Array.from({ length: 6 }, (_, i) => [
        `did:mailto:c.com:${i}`,
        new Set([`did:key:z${i}`]),
      ])
    )
    const { tables } = memoryTables([], {})
    let calls = 0
    const failing = {
      ...tables,
      upload: {
        count: async () => {
          if (++calls > 3) throw new Error('boom')
          return 1
        },
      },
    }
    const error = await countCustomers(failing, spaces, {
      concurrency: 1,
      checkpointEvery: 1,
      checkpoint,
    }).catch((err: unknown) => err)
    assert.ok(error instanceof CountingStopped)
    assert.equal(error.counted, 3)
    assert.equal(error.saved, true)
    const read = await checkpoint.read()
    assert.equal(read.kind, 'loaded')
    const resumed = read.kind === 'loaded' ? read.counts : undefined
    assert.equal(resumed?.size, 3)

    // Reversed order: resuming goes by customer, not by position in the scan.
    const reversed = new Map([...spaces].reverse())
    let recounted = 0
    const ok = {
      ...tables,
      upload: { count: async () => (recounted++, 1) },
    }
    const result = await countCustomers(ok, reversed, { resumed })
    assert.equal(result.resumed, 3)
    assert.equal(recounted, 3)
    assert.equal(result.counts.length, 6)
  })

  it('ignores a checkpoint of another environment or one that is not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'distribution-'))
    await new CheckpointFile(dir, 'staging').save([])
    const other = new CheckpointFile(dir, 'production')
    assert.deepEqual(await other.read(), { kind: 'none' })
    const { writeFileSync } = await import('node:fs')
    writeFileSync(
      other.path,
      '{"version":1,"environment":"staging","customers":[]}'
    )
    assert.equal((await other.read()).kind, 'ignored')
    writeFileSync(other.path, 'not json')
    assert.deepEqual(await other.read(), {
      kind: 'ignored',
      reason: 'it is not JSON',
    })
  })
})

describe('runSetupDistribution without DynamoDB', () => {
  const run = (
    options: Parameters<typeof runSetupDistribution>[1],
    deps: Partial<Parameters<typeof runSetupDistribution>[0]> = {}
  ) => {
    const memory = memoryTables(CONSUMERS, UPLOADS)
    const out = buffer()
    const outDir = join(mkdtempSync(join(tmpdir(), 'distribution-')), 'state')
    const promise = runSetupDistribution(
      {
        tables: memory.tables,
        env: 'local',
        tuning: { retry: { sleep: noSleep } },
        ...deps,
      },
      { outDir, ...options },
      out
    )
    return { promise, out, outDir, memory }
  }

  it('refuses bad input before reading or writing anything', async () => {
    for (const options of [{}, { instances: 2, parallelSegments: 11 }]) {
      const { promise, out, outDir, memory } = run(options)
      await assert.rejects(promise, DistributionInputError)
      assert.equal(out.text, '')
      assert.equal(existsSync(outDir), false)
      assert.equal(memory.calls.count, 0)
    }
  })

  it('will not write without --yes when there is no terminal to ask on', async () => {
    const { promise, outDir } = run({ instances: 2 })
    await assert.rejects(promise, /pass --yes/)
    assert.equal(existsSync(outDir), false)
  })

  it('writes nothing when the operator declines', async () => {
    let asked = ''
    const { promise, outDir, memory } = run(
      { instances: 2 },
      { confirm: async (q) => ((asked = q), false) }
    )
    assert.equal((await promise).outcome, 'declined')
    assert.match(asked, /Write 2 instance files/)
    assert.equal(existsSync(outDir), false)
    assert.equal(memory.rows.size, 0)
  })

  it('writes files and rows with --yes', async () => {
    const { promise, out, outDir, memory } = run({ instances: 2, yes: true })
    const result = await promise
    assert.equal(result.outcome, 'written')
    assert.equal(result.files.length, 2)
    const file = JSON.parse(
      readFileSync(join(outDir, 'instance-1-customers-local.json'), 'utf8')
    ) as { instanceId: string; customers: string[] }
    assert.equal(file.instanceId, '1')
    assert.deepEqual(file.customers, ['did:mailto:a.com:big'])
    assert.equal(memory.rows.get('did:mailto:b.com:small')?.instanceId, '2')
    assert.equal(
      existsSync(join(outDir, 'counting-checkpoint-local.json')),
      false
    )
    assert.match(
      out.text,
      /Customer Distribution Analysis\n={70}\nTotal customers: 2\n/
    )
    assert.match(out.text, /Rate: 27 uploads\/minute per worker \(default/)
  })

  it('drops customers under --min-uploads and reports an empty result', async () => {
    const { promise, out } = run({ analyze: true, minUploads: 1_000 })
    const result = await promise
    assert.equal(result.outcome, 'empty')
    assert.match(out.text, /Left out 2 customers with fewer than 1,000 uploads/)
  })
})

describe('progress lines', () => {
  it('writes plain lines when the output is not a terminal', () => {
    const out = buffer()
    let n = 0
    const progress = startProgress(out, () => `line ${++n}`, {
      intervalMs: 60_000,
    })
    progress.note('retrying')
    progress.stop()
    assert.equal(out.text, 'retrying\nline 1\n')
  })

  it('redraws in place on a terminal', () => {
    const out = Object.assign(buffer(), { isTTY: true })
    const progress = startProgress(out, () => 'counting', {
      intervalMs: 60_000,
    })
    progress.stop()
    assert.equal(out.text, '\r\x1b[2Kcounting\n')
    assert.equal(perSecond(12_345, 10_000), '1,234.5')
  })
})

describe('interrupting a count', () => {
  it('stops at the signal and saves what was counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'distribution-'))
    const checkpoint = new CheckpointFile(dir, 'local')
    const stop = new AbortController()
    const { tables } = memoryTables([], {})
    let calls = 0
    const slow = {
      ...tables,
      upload: {
        count: async () => {
          if (++calls === 2) stop.abort()
          return 1
        },
      },
    }
    const spaces = new Map(
      Array.from({ length: 5 }, (_, i) => [
        `did:mailto:d:${i}`,
        new Set([`did:key:z${i}`]),
      ])
    )
    const error = await countCustomers(slow, spaces, {
      concurrency: 1,
      checkpoint,
      signal: stop.signal,
    }).catch((err: unknown) => err)
    assert.ok(error instanceof CountingStopped)
    assert.match(error.message, /interrupted after 2 of 5 customers/)
    assert.equal(error.saved, true)
    const read = await checkpoint.read()
    assert.equal(read.kind === 'loaded' && read.counts.size, 2)
  })
})

describe('the yargs command', () => {
  it('parses the flags, aliases and defaults', async () => {
    const args = await setupDistributionFlags(
      yargs([
        '-i',
        '5',
        '-p',
        '8',
        '-w',
        '15',
        '--min-uploads',
        '100',
        '-f',
        'storacha.network',
        '--uploads-per-minute',
        '40',
        '-y',
      ])
    ).parse()
    assert.deepEqual(toDistributionOptions(args), {
      analyze: undefined,
      instances: 5,
      parallelSegments: 8,
      workersPerInstance: 15,
      minUploads: 100,
      filter: 'storacha.network',
      uploadsPerMinute: 40,
      outDir: 'migration-state',
      yes: true,
    })
    const defaults = await setupDistributionFlags(yargs(['--analyze'])).parse()
    assert.equal(defaults.parallelSegments, 4)
    assert.equal(defaults.workersPerInstance, 10)
    assert.equal(defaults.minUploads, 0)
  })

  it('exits with status 2 on an out-of-range flag, before loading any configuration', async () => {
    const errors = mock.method(console, 'error', () => undefined)
    try {
      for (const argv of [
        ['-i', '2', '--parallel-segments', '11'],
        ['-i', 'many'],
        ['--parallel-segments', '4'],
      ]) {
        const args = await setupDistributionFlags(yargs(argv)).parse()
        await setupDistributionHandler(args)
        assert.equal(process.exitCode, 2, argv.join(' '))
        process.exitCode = undefined
      }
      assert.match(
        String(errors.mock.calls[0]?.arguments[0]),
        /^error: --parallel-segments must be a whole number from 1 to 10 \(got 11\)/
      )
    } finally {
      errors.mock.restore()
      process.exitCode = undefined
    }
  })
})
