/**
 * `npm run bench -- seed`: how long seeding takes on this machine. Prints figures; asserts nothing.
 *   npm run bench -- seed --real 1000 --metadata 100000
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import { startBenchWorld } from './world.js'

function seedingFlags<T>(argv: Argv<T>) {
  return argv
    .option('real', {
      type: 'number',
      default: 1000,
      describe: 'uploads with real CAR shards',
    })
    .option('metadata', {
      type: 'number',
      default: 100_000,
      describe: 'uploads in metadata-only mode',
    })
}

type SeedingArgs = ArgumentsCamelCase<
  ReturnType<typeof seedingFlags<object>> extends Argv<infer A> ? A : never
>

export const seedingCommand: CommandModule<object, SeedingArgs> = {
  command: 'seed',
  describe: 'seeding speed, with real CARs and metadata-only',
  builder: (argv) => seedingFlags(argv) as never,
  handler: runSeeding,
}

async function runSeeding(argv: SeedingArgs) {
  const world = await startBenchWorld((line) => console.error(line))
  try {
    for (const [label, uploads, metadataOnly] of [
      ['real CARs', argv.real, false],
      ['metadata-only', argv.metadata, true],
    ] as const) {
      if (uploads === 0) continue
      const spaces = Math.max(1, Math.round(uploads / 100))
      const { report, seconds } = await world.seed(
        {
          seed: `bench-${label}`,
          customers: spaces,
          spacesPerCustomer: 1,
          uploadsPerSpace: Math.ceil(uploads / spaces),
          metadataOnly,
        },
        { keepUploads: false }
      )
      const rss = Math.round(process.memoryUsage().rss / 2 ** 20)
      console.log(
        `${label}: ${report.uploads} uploads (${report.shards} shards, ${(report.bytes / 2 ** 20).toFixed(1)} MiB of CARs, ${report.rows} rows) in ${seconds.toFixed(1)} s = ${(report.uploads / seconds).toFixed(0)} uploads/s; RSS ${rss} MiB`
      )
    }
  } finally {
    await world.stop()
  }
}
