/**
 * Section 4: the worker's memory while it migrates one space of growing size. The worker pages
 * through a space (a page activity at a time, its cursor in the workflow), so its peak should not
 * grow with the space.
 */
import type { MigrationMode } from '../../src/workflows/types.js'
import { collectGarbage, sampleMemory } from './measure.js'
import { seedMetadataOnly } from './seed.js'
import { fixed, int, mib, section, table } from './table.js'
import { runInstance } from './temporal-run.js'
import type { BenchWorld } from './world.js'

export interface MemoryOptions {
  sizes: number[]
  mode: MigrationMode
  pageSize: number
  sampleMs: number
  tag: string
}

export interface MemoryRow {
  uploads: number
  failed: number
  seconds: number
  uploadsPerSecond: number
  seedSeconds: number
  /** Process CPU seconds per wall second (2 = both cores of this machine). */
  cpuCores: number
  /** CPU of the Temporal server and DynamoDB Local, seconds. */
  stackCpuSeconds?: number
  /** MiB, after a full GC, just before the migration started. */
  startRssMiB: number
  peakRssMiB: number
  growthMiB: number
  startHeapMiB: number
  peakHeapMiB: number
  endRssMiB: number
  samples: number
}

export interface MemoryResult {
  rows: MemoryRow[]
  /** process.resourceUsage().maxRSS at the end of the section (the whole run so far), MiB. */
  processMaxRssMiB: number
  notes: string[]
}

export async function runMemory(
  world: BenchWorld,
  options: MemoryOptions,
  log: (line: string) => void
): Promise<MemoryResult> {
  await world.temporal()
  const rows: MemoryRow[] = []
  for (const size of options.sizes) {
    const seeded = await seedMetadataOnly(world, {
      seed: `bench-mem-${size}-${options.tag}`,
      customers: 1,
      spacesPerCustomer: 1,
      uploadsPerSpace: size,
      largeSpaces: 0,
      largeSpaceUploads: 0,
    })
    log(
      `memory ${size}: seeded ${seeded.uploadCount} metadata-only uploads in one space in ${seeded.seconds.toFixed(1)} s; migrating`
    )
    collectGarbage()
    const sampler = sampleMemory(options.sampleMs)
    const run = await runInstance(world, {
      customers: seeded.customers,
      mode: options.mode,
      tuning: { pageSize: options.pageSize },
      label: 'mem',
    })
    const memory = sampler.stop()
    rows.push({
      uploads: run.result.processed,
      failed: run.result.failed,
      seconds: run.seconds,
      uploadsPerSecond: run.result.processed / run.seconds,
      seedSeconds: seeded.seconds,
      cpuCores: run.cpu.process / run.seconds,
      stackCpuSeconds: run.cpu.stack,
      startRssMiB: mib(memory.startRss),
      peakRssMiB: mib(memory.peakRss),
      growthMiB: mib(memory.peakRss - memory.startRss),
      startHeapMiB: mib(memory.startHeap),
      peakHeapMiB: mib(memory.peakHeap),
      endRssMiB: mib(memory.endRss),
      samples: memory.samples,
    })
    log(
      `memory ${size}: peak RSS ${mib(memory.peakRss).toFixed(0)} MiB in ${run.seconds.toFixed(1)} s`
    )
  }
  return {
    rows,
    processMaxRssMiB: process.resourceUsage().maxRSS / 1024,
    notes: [
      `mode ${options.mode} over metadata-only uploads: ${
        options.mode === 'verify-only'
          ? 'each is checked and verified (and found unmigrated): reads only'
          : 'each goes through check and shard sizes, then fails at indexing (its shards are not in the carpark) and gets a failure row'
      }; pages of ${options.pageSize}`,
      `RSS sampled every ${options.sampleMs} ms; it is the whole process: worker (Rust core, workflow threads), sandbox services and the DynamoDB client; the Temporal server and DynamoDB Local are other processes`,
      'start = after a forced full GC, just before the migration started; growth = peak − start',
    ],
  }
}

export function printMemory(result: MemoryResult): void {
  section('Memory: one space of growing size')
  console.log(
    table(
      [
        'uploads',
        'failed',
        'wall s',
        'uploads/s',
        'CPU cores',
        'start RSS MiB',
        'peak RSS MiB',
        'growth MiB',
        'peak heap MiB',
        'samples',
      ],
      result.rows.map((r) => [
        int(r.uploads),
        int(r.failed),
        fixed(r.seconds),
        fixed(r.uploadsPerSecond),
        fixed(r.cpuCores, 2),
        fixed(r.startRssMiB, 0),
        fixed(r.peakRssMiB, 0),
        fixed(r.growthMiB, 0),
        fixed(r.peakHeapMiB, 0),
        r.samples,
      ])
    )
  )
  console.log(
    `process max RSS so far: ${result.processMaxRssMiB.toFixed(0)} MiB`
  )
  for (const note of result.notes) console.log(`  · ${note}`)
}
