/**
 * The chaos campaign's world: DynamoDB Local with tables of its own, a Temporal dev server on a
 * SQLite file (so that it can be restarted on the same port without losing workflows), the
 * sandbox services seeded with a legacy world, a prebuilt workflow bundle for the workers, and
 * toxiproxy with the AWS fault proxies between the workers and DynamoDB, S3 and SQS (the
 * campaign's own reads and the seeding go direct).
 */
import {
  type FaultedAws,
  startFaultedAws,
} from '../../src/sandbox/aws-faults/faulted-aws.js'
import type { SeedOptions } from '../../src/sandbox/seed/plan.js'
import { SeededRandom } from '../../src/sandbox/seed/random.js'
import { startWorld } from '../../src/sandbox/world/start-world.js'
import { ensureToxiproxy } from '../../src/stack/toxiproxy.js'

export interface WorldOptions {
  dir: string
  seed: SeedOptions
  log: (line: string) => void
}

export type ChaosWorld = Awaited<ReturnType<typeof startChaosWorld>>

/** Starts everything the campaign needs and seeds the legacy world; `stop` undoes it all. */
export async function startChaosWorld({ dir, seed, log }: WorldOptions) {
  log('starting DynamoDB Local and the Temporal dev server (SQLite file)')
  const world = await startWorld({
    dir,
    stack: { kind: 'restartable' },
    sandbox: { seed: seed.seed },
    tablePrefix: 'chaos',
    taskQueue: 'chaos-migration',
  })
  let aws: FaultedAws | undefined
  const stop = async () => {
    await aws?.stop()
    await world.stop()
  }
  try {
    log('starting toxiproxy and the AWS fault proxies')
    const random = new SeededRandom(`${seed.seed}/aws-faults`)
    aws = await startFaultedAws({
      toxiproxyBinary: await ensureToxiproxy({ install: true, log }),
      upstreams: {
        dynamodb: world.env.DYNAMODB_ENDPOINT!,
        s3: world.env.S3_ENDPOINT!,
        sqs: world.env.SQS_ENDPOINT!,
      },
      logDir: dir,
      random: () => random.next(),
    })
    log('bundling the workflows once for every worker process')
    const bundlePath = await world.workflowBundle()
    log(
      `seeding ${seed.customers} customers × ${seed.spacesPerCustomer} spaces × ${seed.uploadsPerSpace} uploads (real CARs)`
    )
    const seeded = await world.seed(seed)
    return {
      dir,
      /** What the workers read: the world's, with the AWS endpoints through the faults. */
      env: { ...world.env, ...aws.env },
      aws,
      taskQueue: world.config.temporal.taskQueue,
      temporal: world.temporalServer,
      client: await world.temporalClient(),
      sandbox: world.sandbox,
      tables: world.tables,
      uploads: seeded.uploads,
      report: seeded.report,
      seedSeconds: seeded.seconds,
      bundlePath,
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}
