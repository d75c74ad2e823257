import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { runWorker } from './run-worker.js'
import { workerFlags } from './worker-flags.js'

/** A worker process: one per host (`npm run worker -- --help` for its tuning flags). */
const args = await workerFlags(yargs(hideBin(process.argv)))
  .strict()
  .help()
  .parse()
await runWorker(args).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
