/**
 * `npm run bench -- seed`: how long seeding takes on this machine. Prints figures; asserts nothing.
 *   npm run bench -- seed --real 1000 --metadata 100000
 */
import { benchCommand } from './bench-command.js'

export const seedingCommand = benchCommand({
  command: 'seed',
  describe: 'seeding speed, with real CARs and metadata-only',
  flags: (argv) =>
    argv
      .option('real', {
        type: 'number',
        default: 1000,
        describe: 'uploads with real CAR shards',
      })
      .option('metadata', {
        type: 'number',
        default: 100_000,
        describe: 'uploads in metadata-only mode',
      }),
  async run(argv, world) {
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
  },
})
