/**
 * `npm run bench -- calls`: outbound HTTP calls per upload for a full migration of not-started
 * uploads on the sandbox, by service. Prints figures; asserts nothing. DynamoDB, S3 and SQS go
 * through the AWS SDK and are listed from the code path in the README instead.
 *   npm run bench -- calls --uploads 20 --shards 3
 */
import { migrateUpload } from '../../src/migration/migrate-upload.js'
import { createDeps } from '../../src/workers/deps.js'
import { benchCommand } from './bench-command.js'
import { type Counter, secondsSince } from './measure.js'

export const callsCommand = (http: Counter) =>
  benchCommand({
    command: 'calls',
    describe: 'outbound HTTP calls per upload, by service',
    flags: (argv) =>
      argv
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
        }),
    sandbox: (argv) => ({ indexWorkerMaxBlocks: argv.indexWorkerMaxBlocks }),
    async run(argv, world) {
      const { tables } = world
      const { uploads } = await world.seed({
        seed: 'bench-calls',
        customers: 1,
        spacesPerCustomer: 1,
        uploadsPerSpace: argv.uploads * 4,
        shardsPerUpload: argv.shards,
        blocksPerShard: argv.blocks,
      })
      const migration = await createDeps(world.config)
      try {
        const chosen = uploads
          .filter((u) => u.state === 'not-started' && u.quirk === 'normal')
          .slice(0, argv.uploads)
        const before = http.snapshot()
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
        const seconds = secondsSince(started)
        const calls = http.since(before)
        const byService = new Map<string, number>()
        for (const [origin, count] of calls) {
          const name = world.serviceOf(origin)
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
        await migration.close()
      }
    },
  })
