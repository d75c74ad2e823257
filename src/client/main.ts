import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { runWorker } from '../workers/run-worker.js'
import { workerFlags } from '../workers/worker-flags.js'
import { controlCommand } from './control/command.js'
import { devCommand } from './dev/command.js'
import { estimateCommand } from './estimate/index.js'
import { resetCommand } from './reset/index.js'
import { statsCommand } from './stats/index.js'
import { setupDistributionCommand } from './distribution/index.js'
import { migrateCommand } from './migrate/command.js'
import { monitorCommand } from './monitor/command.js'

/** The operator's CLI: `npm run cli -- <command> --help` explains each command. */
await yargs(hideBin(process.argv))
  .scriptName('storacha-migration')
  .command(migrateCommand)
  .command(monitorCommand)
  .command(setupDistributionCommand)
  .command(controlCommand)
  .command(devCommand)
  .command(statsCommand)
  .command(resetCommand)
  .command(estimateCommand)
  .command({
    command: 'worker',
    describe: 'Run this host’s worker until SIGINT/SIGTERM',
    builder: (argv) => workerFlags(argv),
    handler: (args) => runWorker(args),
  })
  .demandCommand(1, 'name a command (see --help)')
  .strict()
  .recommendCommands()
  .help()
  .fail((message, err) => {
    if (err) throw err
    console.error(`error: ${message} (see --help)`)
    process.exit(2)
  })
  .parse()
