/**
 * `npm run sandbox`: the local stack (Temporal + DynamoDB Local), or with `--use-stack` a running
 * one, and the sandbox Storacha network in the foreground, seeded with a legacy world, and an env
 * file with every URL, DID, key and endpoint a client needs. Ctrl-C stops everything.
 */
import { rmSync, writeFileSync } from 'node:fs'
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { DEFAULT_SEED_OPTIONS } from '../src/sandbox/seed/plan.js'
import { startControlServer } from '../src/sandbox/world/control-server.js'
import { existingStack } from '../src/sandbox/world/existing-stack.js'
import { startWorld } from '../src/sandbox/world/start-world.js'
import { stackOptionsFrom, withStackOptions } from '../src/stack/cli-options.js'
import { untilSignal } from '../src/stack/run-until-signal.js'
import { isBadInput } from '../src/failures/index.js'

const d = DEFAULT_SEED_OPTIONS
const argv = await withStackOptions(yargs(hideBin(process.argv)))
  .usage(
    '$0 [options]\n\nStarts Temporal, DynamoDB Local and the sandbox Storacha services, and seeds legacy uploads.'
  )
  .option('seed', {
    type: 'string',
    default: d.seed,
    describe: 'seed of keys and data (same seed, same world)',
  })
  .option('customers', { type: 'number', default: d.customers })
  .option('spaces-per-customer', {
    type: 'number',
    default: d.spacesPerCustomer,
  })
  .option('uploads-per-space', { type: 'number', default: d.uploadsPerSpace })
  .option('shards-per-upload', { type: 'number', default: d.shardsPerUpload })
  .option('blocks-per-shard', { type: 'number', default: d.blocksPerShard })
  .option('large-spaces', { type: 'number', default: d.largeSpaces })
  .option('large-space-uploads', {
    type: 'number',
    default: d.largeSpaceUploads,
  })
  .option('metadata-only', {
    type: 'boolean',
    default: false,
    describe: 'no CARs: synthetic uploads, for scale',
  })
  .option('empty', {
    type: 'boolean',
    default: false,
    describe: 'start without seeding',
  })
  .option('control-port', {
    type: 'number',
    describe:
      'serve the control server (faults on every service, request counters, ledger, seeding) on this port (0: any free one)',
  })
  .option('use-stack', {
    type: 'boolean',
    default: false,
    describe:
      'use the running Temporal and DynamoDB named by TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, AWS_REGION and DYNAMODB_ENDPOINT instead of starting them',
  })
  .option('table-prefix', {
    type: 'string',
    describe: 'tables of its own, <prefix>-<table> (unset: the local names)',
  })
  .option('ready-file', {
    type: 'string',
    describe:
      'create this file once the sandbox is up and seeded (a readiness probe, e.g. docker-compose)',
  })
  .option('index-worker-max-blocks', {
    type: 'number',
    describe: 'blocks per index-worker response (forces resumes)',
  })
  .check((a) => {
    for (const name of [
      'customers',
      'spaces-per-customer',
      'uploads-per-space',
      'shards-per-upload',
      'blocks-per-shard',
    ] as const) {
      if (!Number.isInteger(a[name]) || a[name] < 0)
        throw new Error(`--${name} must be a whole number ≥ 0`)
    }
    return true
  })
  .strict()
  .help()
  .parse()

const stopped = untilSignal()
try {
  const { dir, ...stack } = stackOptionsFrom(argv)
  const world = await startWorld({
    dir,
    stack: argv['use-stack']
      ? existingStack(process.env)
      : { kind: 'embedded', ...stack },
    tablePrefix: argv['table-prefix'],
    sandbox: {
      seed: argv.seed,
      indexWorkerMaxBlocks: argv['index-worker-max-blocks'],
    },
  })
  const { sandbox, config, envFile } = world
  const control =
    argv['control-port'] === undefined
      ? undefined
      : await startControlServer(world, { port: argv['control-port'] })
  if (!argv.empty) {
    const { report, seconds } = await world.seed(
      {
        seed: argv.seed,
        customers: argv.customers,
        spacesPerCustomer: argv['spaces-per-customer'],
        uploadsPerSpace: argv['uploads-per-space'],
        shardsPerUpload: argv['shards-per-upload'],
        blocksPerShard: argv['blocks-per-shard'],
        metadataOnly: argv['metadata-only'],
        largeSpaces: argv['large-spaces'],
        largeSpaceUploads: argv['large-space-uploads'],
      },
      { keepUploads: false }
    )
    console.log(`Seeded in ${seconds.toFixed(1)}s: ${JSON.stringify(report)}`)
  }
  console.log(`
Sandbox is up.
  Temporal:          ${config.temporal.address}  (Web UI ${config.temporal.uiUrl})
  DynamoDB Local:    ${config.dynamo.endpoint}
  Indexing service:  ${sandbox.indexer.url}  (${sandbox.indexer.did})
  Upload service:    ${sandbox.uploadService.url}  (${sandbox.uploadService.did})
  Gateway:           ${sandbox.gateway.url}  (${sandbox.gateway.did})
  Carpark:           ${sandbox.carpark.service.url}
  Index worker:      ${sandbox.indexWorker.url}
  S3/SQS:            ${sandbox.s3sqs.endpoint}
  Env file:          ${envFile}   (ENV_FILE=${envFile} npm run worker)${control ? `\n  Control:           ${control.url}  (curl ${control.url}/requests; PUT /faults, GET /ledger)` : ''}

Faults: curl -X PUT ${sandbox.indexWorker.url}/_sandbox/faults -d '{"errorRate":0.2}'  (any service; DELETE clears)
Ctrl-C stops everything.`)
  if (argv['ready-file']) writeFileSync(argv['ready-file'], `${envFile}\n`)
  await stopped
  console.log('Stopping …')
  if (argv['ready-file']) rmSync(argv['ready-file'], { force: true })
  await control?.close()
  await world.stop()
  console.log('Stopped.')
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exit(isBadInput(err) ? 2 : 1)
}
