/**
 * `npm run bench:seed`: how long seeding takes on this machine. Prints figures; asserts nothing.
 *   npm run bench:seed -- --real 1000 --metadata 100000
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { loadConfig } from '../src/config/load.js'
import { startSandboxWithStack } from '../src/sandbox/start-with-stack.js'
import {
  DEFAULT_SEED_OPTIONS,
  type SeedOptions,
} from '../src/sandbox/seed/plan.js'
import { seedSandbox } from '../src/sandbox/seed/seed-sandbox.js'
import { createDynamoClient } from '../src/services/dynamo/index.js'

const argv = await yargs(hideBin(process.argv))
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
  .strict()
  .parse()

const world = await startSandboxWithStack({
  dir: mkdtempSync(join(tmpdir(), 'bench-seed-')),
  headless: true,
  install: true,
})
const { sandbox } = world
const { dynamo } = loadConfig(world.env, ['dynamo'])
const client = createDynamoClient(dynamo)
try {
  for (const [label, uploads, metadataOnly] of [
    ['real CARs', argv.real, false],
    ['metadata-only', argv.metadata, true],
  ] as const) {
    if (uploads === 0) continue
    const spaces = Math.max(1, Math.round(uploads / 100))
    const options: SeedOptions = {
      ...DEFAULT_SEED_OPTIONS,
      seed: `bench-${label}`,
      customers: spaces,
      spacesPerCustomer: 1,
      uploadsPerSpace: Math.ceil(uploads / spaces),
      metadataOnly,
    }
    const started = process.hrtime.bigint()
    const report = await seedSandbox(
      sandbox,
      { client, tables: dynamo.tables },
      options
    )
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const rss = Math.round(process.memoryUsage().rss / 2 ** 20)
    console.log(
      `${label}: ${report.uploads} uploads (${report.shards} shards, ${(report.bytes / 2 ** 20).toFixed(1)} MiB of CARs, ${report.rows} rows) in ${seconds.toFixed(1)} s = ${(report.uploads / seconds).toFixed(0)} uploads/s; RSS ${rss} MiB`
    )
  }
} finally {
  client.destroy()
  await world.stop()
}
