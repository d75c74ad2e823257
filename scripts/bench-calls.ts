/**
 * `npm run bench:calls`: outbound HTTP calls per upload for a full migration of not-started
 * uploads on the sandbox, by service. Prints figures; asserts nothing. DynamoDB, S3 and SQS go
 * through the AWS SDK and are listed from the code path in the README instead.
 *   npm run bench:calls -- --uploads 20 --shards 3
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { loadConfig } from '../src/config/load.js'
import { migrateUpload } from '../src/migration/migrate-upload.js'
import { createDeps } from '../src/workers/deps.js'
import { DEFAULT_SEED_OPTIONS } from '../src/sandbox/seed/plan.js'
import type { SeededUpload } from '../src/sandbox/seed/seed-legacy-world.js'
import { seedSandbox } from '../src/sandbox/seed/seed-sandbox.js'
import { startSandboxWithStack } from '../src/sandbox/start-with-stack.js'
import { createDynamoClient, useTables } from '../src/services/dynamo/index.js'

const argv = await yargs(hideBin(process.argv))
  .option('uploads', { type: 'number', default: 20 })
  .option('shards', {
    type: 'number',
    default: 2,
    describe: 'shards per upload',
  })
  .option('blocks', {
    type: 'number',
    default: 16,
    describe: 'blocks per shard',
  })
  .option('index-worker-max-blocks', {
    type: 'number',
    describe: 'force resumed index-worker reads',
  })
  .strict()
  .parse()

const calls = new Map<string, number>()
const realFetch = globalThis.fetch
globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input))
  calls.set(url.origin, (calls.get(url.origin) ?? 0) + 1)
  return realFetch(input, init)
}

const world = await startSandboxWithStack(
  {
    dir: mkdtempSync(join(tmpdir(), 'bench-calls-')),
    headless: true,
    install: true,
  },
  { indexWorkerMaxBlocks: argv['index-worker-max-blocks'] }
)
const { sandbox } = world
const config = loadConfig(world.env, [
  'dynamo',
  'services',
  'publishing',
  'signing',
])
const client = createDynamoClient(config.dynamo)
const tables = useTables(client, config.dynamo.tables)
const uploads: SeededUpload[] = []
await seedSandbox(
  sandbox,
  { client, tables: config.dynamo.tables },
  {
    ...DEFAULT_SEED_OPTIONS,
    seed: 'bench-calls',
    customers: 1,
    spacesPerCustomer: 1,
    uploadsPerSpace: argv.uploads * 4,
    shardsPerUpload: argv.shards,
    blocksPerShard: argv.blocks,
  },
  (u) => uploads.push(u)
)
const migration = await createDeps(config)
const chosen = uploads
  .filter((u) => u.state === 'not-started' && u.quirk === 'normal')
  .slice(0, argv.uploads)
const names = new Map([
  [new URL(sandbox.indexer.url).origin, 'indexing service'],
  [new URL(sandbox.indexWorker.url).origin, 'index worker'],
  [new URL(sandbox.carpark.service.url).origin, 'carpark'],
  [new URL(sandbox.uploadService.url).origin, 'upload service'],
  ...sandbox.uploadService.storageNodes.map(
    (url) => [new URL(url).origin, 'storage node'] as [string, string]
  ),
])
try {
  calls.clear()
  const started = process.hrtime.bigint()
  for (const upload of chosen) {
    const row = await tables.upload.get(upload.space, upload.root)
    if (!row) throw new Error(`no row for ${upload.root}`)
    const outcome = await migrateUpload(
      migration.uploadPorts(upload.customer),
      row
    )
    if (outcome.status !== 'migrated')
      throw new Error(
        `${upload.root}: ${outcome.status} ${outcome.reason} ${outcome.error}`
      )
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const byService = new Map<string, number>()
  for (const [origin, count] of calls) {
    const name = names.get(origin) ?? origin
    byService.set(name, (byService.get(name) ?? 0) + count)
  }
  console.log(
    `${chosen.length} not-started uploads of ${argv.shards} shards (~${argv.blocks} blocks each), one by one, in ${seconds.toFixed(1)} s`
  )
  for (const [name, count] of byService)
    console.log(
      `  ${name}: ${(count / chosen.length).toFixed(1)} HTTP calls per upload`
    )
  const total = [...calls.values()].reduce((a, b) => a + b, 0)
  console.log(
    `  total: ${(total / chosen.length).toFixed(1)} HTTP calls per upload (plus DynamoDB, S3 and SQS)`
  )
} finally {
  migration.close()
  client.destroy()
  await world.stop()
}
