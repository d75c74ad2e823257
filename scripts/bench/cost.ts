/**
 * Section 3: what the migration costs on Temporal, per 1,000 uploads, for a world of many small
 * spaces and for one huge space. Metadata-only uploads: every one fails at indexing, after the
 * same pages, activities and child workflows as a successful one, so the history is the same
 * shape; only the failure rows in DynamoDB differ.
 */
import type { MigrationMode } from '../../src/workflows/types.js'
import { seedMetadataOnly } from './seed.js'
import { fixed, int, section, table } from './table.js'
import { historyCost, type HistoryCost, runInstance } from './temporal-run.js'
import type { BenchWorld } from './world.js'

export interface CostOptions {
  small: { customers: number; spaces: number; uploads: number }
  hugeUploads: number
  pageSize: number
  mode: MigrationMode
  /** Spaces of at most this many uploads run in batch activities; 0: a workflow per space. */
  smallSpaceUploads?: number
  /** Customers of at most this many uploads run in batch activities; 0: a workflow per customer. */
  smallCustomerUploads?: number
  tag: string
}

export interface CostRow extends HistoryCost {
  dataset: string
  customers: number
  spaces: number
  uploads: number
  failed: number
  seconds: number
  uploadsPerSecond: number
  seedSeconds: number
  /** Process CPU seconds per wall second (2 = both cores of this machine). */
  cpuCores: number
  stackCpuSeconds?: number
  eventsPer1000: number
  actionsPer1000: number
}

export interface CostResult {
  rows: CostRow[]
  notes: string[]
}

export async function runCost(
  world: BenchWorld,
  options: CostOptions,
  log: (line: string) => void
): Promise<CostResult> {
  const { client } = await world.temporal()
  const datasets = [
    {
      dataset: 'small spaces',
      seed: {
        customers: options.small.customers,
        spacesPerCustomer: options.small.spaces,
        uploadsPerSpace: options.small.uploads,
      },
    },
    {
      dataset: 'one huge space',
      seed: {
        customers: 1,
        spacesPerCustomer: 1,
        uploadsPerSpace: options.hugeUploads,
      },
    },
  ]
  const rows: CostRow[] = []
  for (const { dataset, seed } of datasets) {
    if (seed.customers * seed.spacesPerCustomer * seed.uploadsPerSpace === 0)
      continue
    const seeded = await seedMetadataOnly(world, {
      seed: `bench-cost-${dataset.replace(/ /g, '-')}-${options.tag}`,
      ...seed,
      largeSpaces: 0,
      largeSpaceUploads: 0,
    })
    log(
      `${dataset}: seeded ${seeded.uploadCount} metadata-only uploads in ${seeded.report.spaces} spaces of ${seeded.report.customers} customers in ${seeded.seconds.toFixed(1)} s; migrating`
    )
    const run = await runInstance(world, {
      customers: seeded.customers,
      mode: options.mode,
      tuning: {
        pageSize: options.pageSize,
        smallSpaceUploads: options.smallSpaceUploads,
        smallCustomerUploads: options.smallCustomerUploads,
      },
      label: 'cost',
    })
    const cost = await historyCost(client, run.instanceId)
    const processed = run.result.processed
    const per1000 = (n: number) => (processed > 0 ? (n / processed) * 1000 : 0)
    rows.push({
      dataset,
      customers: seeded.report.customers,
      spaces: seeded.report.spaces,
      uploads: processed,
      failed: run.result.failed,
      seconds: run.seconds,
      uploadsPerSecond: processed / run.seconds,
      seedSeconds: seeded.seconds,
      cpuCores: run.cpu.process / run.seconds,
      stackCpuSeconds: run.cpu.stack,
      ...cost,
      eventsPer1000: per1000(cost.events),
      actionsPer1000: per1000(cost.actions),
    })
    log(
      `${dataset}: ${processed} uploads, ${cost.runs} runs, ${cost.events} events in ${run.seconds.toFixed(1)} s`
    )
  }
  return {
    rows,
    notes: [
      'metadata-only uploads: each fails at indexing (no CARs), after the same orchestration as a migrated one; cost does not depend on success',
      'billable actions: workflow starts, activity starts, child starts, signals, search-attribute upserts, timers; heartbeats are not counted (not in history)',
      `mode ${options.mode}, page size ${options.pageSize}, small spaces (at most ${options.smallSpaceUploads ?? 'default'} uploads) in batch activities${options.smallSpaceUploads === 0 ? ': off, a workflow per space' : ''}, small customers (at most ${options.smallCustomerUploads ?? 'default'} uploads) ${options.smallCustomerUploads ? 'in batch activities' : 'each in its workflow'}; customers with an empty last space and spaces without owner delegation are part of the small-space world, as the seeder plans them`,
    ],
  }
}

export function printCost(result: CostResult): void {
  section('Temporal cost')
  console.log(
    table(
      [
        'data set',
        'customers',
        'spaces',
        'uploads',
        'runs',
        'events',
        'events/1k',
        'actions/1k',
        'largest history',
        'wall s',
        'uploads/s',
        'CPU cores',
      ],
      result.rows.map((r) => [
        r.dataset,
        r.customers,
        r.spaces,
        int(r.uploads),
        r.runs,
        int(r.events),
        int(r.eventsPer1000),
        int(r.actionsPer1000),
        r.largest.events,
        fixed(r.seconds),
        fixed(r.uploadsPerSecond),
        fixed(r.cpuCores, 2),
      ])
    )
  )
  for (const note of result.notes) console.log(`  · ${note}`)
}
