/**
 * Section 6: the reads `setup-distribution` makes, on DynamoDB Local: a parallel scan of the
 * consumer table (rows/s), then the uploads of every space counted with `upload.count` (a COUNT
 * query per space, paged by DynamoDB every 1 MB of keys).
 */
import { seedMetadataOnly } from './seed.js'
import { fixed, int, section, table } from './table.js'
import { secondsSince } from './measure.js'
import type { BenchWorld } from './world.js'

export interface DistributionOptions {
  customers: number
  spaces: number
  uploads: number
  segments: number[]
  countConcurrency: number
  tag: string
}

export interface ScanRow {
  segments: number
  rows: number
  seconds: number
  rowsPerSecond: number
}

export interface DistributionResult {
  seeded: {
    customers: number
    spaces: number
    uploads: number
    seconds: number
  }
  scans: ScanRow[]
  count: {
    concurrency: number
    spaces: number
    uploads: number
    seconds: number
    spacesPerSecond: number
    uploadsPerSecond: number
  }
  notes: string[]
}

export async function runDistribution(
  world: BenchWorld,
  options: DistributionOptions,
  log: (line: string) => void
): Promise<DistributionResult> {
  const seeded = await seedMetadataOnly(world, {
    seed: `bench-dist-${options.tag}`,
    customers: options.customers,
    spacesPerCustomer: options.spaces,
    uploadsPerSpace: options.uploads,
    largeSpaces: 0,
    largeSpaceUploads: 0,
  })
  log(
    `distribution: seeded ${seeded.report.spaces} spaces (${seeded.uploadCount} metadata-only uploads) of ${seeded.report.customers} customers in ${seeded.seconds.toFixed(1)} s; scanning`
  )
  const consumer = world.tables.consumer
  // One page first, unmeasured: the first request of a connection is slow.
  for await (const page of consumer.scanSegment(0, 1, 100)) {
    void page
    break
  }
  const scans: ScanRow[] = []
  let spaces: string[] = []
  for (const segments of options.segments) {
    const found: string[][] = []
    const started = process.hrtime.bigint()
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        const mine: string[] = []
        for await (const page of consumer.scanSegment(segment, segments))
          for (const row of page) mine.push(row.space)
        found[segment] = mine
      })
    )
    const seconds = secondsSince(started)
    spaces = found.flat()
    scans.push({
      segments,
      rows: spaces.length,
      seconds,
      rowsPerSecond: spaces.length / seconds,
    })
  }
  const unique = [...new Set(spaces)]
  let uploads = 0
  let next = 0
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: options.countConcurrency }, async () => {
      while (next < unique.length) {
        const space = unique[next++] as string
        const counted = await world.tables.upload.count(space)
        uploads += counted
      }
    })
  )
  const seconds = secondsSince(started)
  log(`distribution: counted ${uploads} uploads in ${seconds.toFixed(1)} s`)
  return {
    seeded: {
      customers: seeded.report.customers,
      spaces: seeded.report.spaces,
      uploads: seeded.uploadCount,
      seconds: seeded.seconds,
    },
    scans,
    count: {
      concurrency: options.countConcurrency,
      spaces: unique.length,
      uploads,
      seconds,
      spacesPerSecond: unique.length / seconds,
      uploadsPerSecond: uploads / seconds,
    },
    notes: [
      'the scan and the counts cover the whole tables, so rows seeded by the sections run before this one are included',
      'DynamoDB Local (Java, SQLite) on this machine, not DynamoDB: the rates show the code path and relative costs, not production throughput (there, scans are bounded by read capacity and segments run in parallel)',
      'upload counting is a COUNT query per space: its cost grows with the uploads of a space (1 MB of keys per page), its rate with the number of spaces',
    ],
  }
}

export function printDistribution(result: DistributionResult): void {
  section('Distribution reads (DynamoDB Local)')
  console.log(
    `world seeded for it: ${int(result.seeded.customers)} customers, ${int(result.seeded.spaces)} spaces, ${int(result.seeded.uploads)} uploads (${fixed(result.seeded.seconds)} s)`
  )
  console.log(
    table(
      ['consumer scan', 'rows', 'wall s', 'rows/s'],
      result.scans.map((s) => [
        `${s.segments} segment(s)`,
        int(s.rows),
        fixed(s.seconds, 2),
        int(s.rowsPerSecond),
      ])
    )
  )
  const c = result.count
  console.log(
    table(
      ['upload count', 'spaces', 'uploads', 'wall s', 'spaces/s', 'uploads/s'],
      [
        [
          `${c.concurrency} at once`,
          int(c.spaces),
          int(c.uploads),
          fixed(c.seconds, 2),
          int(c.spacesPerSecond),
          int(c.uploadsPerSecond),
        ],
      ]
    )
  )
  for (const note of result.notes) console.log(`  · ${note}`)
}
