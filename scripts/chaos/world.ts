/**
 * The chaos campaign's world: DynamoDB Local with tables of its own, a Temporal dev server on a
 * SQLite file (so that it can be restarted on the same port without losing workflows), the
 * sandbox services seeded with a legacy world, and a prebuilt workflow bundle for the workers.
 */
import type { SeedOptions } from '../../src/sandbox/seed/plan.js'
import { startWorld } from '../../src/sandbox/world/start-world.js'

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
  try {
    log('bundling the workflows once for every worker process')
    const bundlePath = await world.workflowBundle()
    log(
      `seeding ${seed.customers} customers × ${seed.spacesPerCustomer} spaces × ${seed.uploadsPerSpace} uploads (real CARs)`
    )
    const seeded = await world.seed(seed)
    return {
      dir,
      env: world.env,
      taskQueue: world.config.temporal.taskQueue,
      temporal: world.temporalServer,
      client: await world.temporalClient(),
      sandbox: world.sandbox,
      tables: world.tables,
      uploads: seeded.uploads,
      report: seeded.report,
      seedSeconds: seeded.seconds,
      bundlePath,
      stop: () => world.stop(),
    }
  } catch (err) {
    await world.stop()
    throw err
  }
}
