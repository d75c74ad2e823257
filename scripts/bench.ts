/**
 * `npm run bench`: the benchmarks of the migration on this machine, on the embedded stack and the
 * sandbox. Figures only, no assertions.
 *   npm run bench                                    (every section, ~5–8 minutes on 2 cores)
 *   npm run bench -- --only throughput,baseline --latency 100 --concurrencies 1,4,16,32
 *   npm run bench -- --only memory --memory-sizes 1000,10000,100000,1000000
 *   npm run bench -- calls                           (HTTP calls per upload, by service)
 *   npm run bench -- seed                            (seeding speed)
 *   npm run bench -- workflows                       (Temporal cost of one migration)
 *   npm run bench -- space-start --sizes 1000,100000  (time to start a large space)
 *   npm run bench -- worker --latency 100 --in-flight 80 [--processes 2] [--cpu-prof] [--metrics]
 *                                                    (worker processes apart from the sandbox)
 *   npm run bench -- signing                         (ed25519: @noble next to node:crypto)
 * `npm run bench -- <command> --help` lists each one's options.
 */
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { callsCommand } from './bench/calls.js'
import { installAwsCounter, installCallCounter } from './bench/measure.js'
import { sectionsCommand } from './bench/sections.js'
import { seedingCommand } from './bench/seeding-speed.js'
import { signingCommand } from './bench/signing.js'
import { spaceStartCommand } from './bench/space-start.js'
import { workerCommand } from './bench/worker-bench.js'
import { workflowsCommand } from './bench/workflows.js'

// Before anything builds an HTTP client (some keep the fetch they found).
const counters = { http: installCallCounter(), aws: installAwsCounter() }

await yargs(hideBin(process.argv))
  .scriptName('npm run bench --')
  .command(sectionsCommand(counters))
  .command(callsCommand(counters.http))
  .command(seedingCommand)
  .command(workflowsCommand)
  .command(spaceStartCommand)
  .command(workerCommand)
  .command(signingCommand)
  .strict()
  .help()
  .parseAsync()
