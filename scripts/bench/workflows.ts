/**
 * `npm run bench -- workflows`: what the migration costs on Temporal. Seeds a world, migrates it
 * with the in-process worker, then reads back every workflow run of the instance and prints
 * history events and billable actions per 1,000 uploads, the largest single history, and the
 * wall time. Prints figures; asserts nothing.
 *   npm run bench -- workflows --customers 5 --spaces 4 --uploads 50
 *   npm run bench -- workflows --customers 1 --spaces 1 --uploads 2000   (one huge space)
 */
import { DEFAULT_TUNING } from '../../src/workflows/types.js'
import { benchCommand } from './bench-command.js'
import { historyCost, runInstance } from './temporal-run.js'

export const workflowsCommand = benchCommand({
  command: 'workflows',
  describe: 'history events and billable actions of one migration',
  flags: (argv) =>
    argv
      .option('customers', { type: 'number', default: 5 })
      .option('spaces', {
        type: 'number',
        default: 4,
        describe: 'per customer',
      })
      .option('uploads', { type: 'number', default: 50, describe: 'per space' })
      .option('page-size', { type: 'number', default: DEFAULT_TUNING.pageSize })
      .option('metadata-only', {
        type: 'boolean',
        default: false,
        describe: 'no CARs: every upload fails at indexing, same orchestration',
      }),
  async run(argv, world) {
    const seeded = await world.seed({
      seed: 'bench-workflows',
      customers: argv.customers,
      spacesPerCustomer: argv.spaces,
      uploadsPerSpace: argv.uploads,
      metadataOnly: argv.metadataOnly,
    })
    console.log(
      `seeded ${seeded.uploads.length} uploads of ${seeded.customers.length} customers in ${seeded.seconds.toFixed(1)} s`
    )
    const run = await runInstance(world, {
      customers: seeded.customers,
      mode: 'full',
      tuning: { pageSize: argv.pageSize },
      label: 'workflows',
    })
    const { result, seconds: wall } = run
    const { client } = await world.temporal()
    const cost = await historyCost(client, run.instanceId)
    const per1000 = (n: number) => ((n / result.processed) * 1000).toFixed(0)
    console.log(
      [
        `uploads processed    ${result.processed} (${result.migrated} migrated, ${result.alreadyMigrated} already, ${result.failed} failed)`,
        `wall time            ${wall.toFixed(1)} s (${(result.processed / wall).toFixed(1)} uploads/s, one worker)`,
        `workflow runs        ${cost.runs}`,
        `history events       ${cost.events} (${per1000(cost.events)} per 1,000 uploads)`,
        `billable actions     ${cost.actions} (${per1000(cost.actions)} per 1,000 uploads; heartbeats not counted)`,
        `largest history      ${cost.largest.events} events (${cost.largest.workflowId})`,
      ].join('\n')
    )
  },
})
