import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { controlCommand } from './control/command.js'
import { dashboardCommand } from './dashboard/command.js'
import { devCommand } from './dev/command.js'
import { estimateCommand } from './estimate/index.js'
import { keysCommand } from './keys/command.js'
import { reauthorizeCommand } from './reauthorize/command.js'
import { resetCommand } from './reset/index.js'
import { rollbackCommand } from './rollback/index.js'
import { statsCommand } from './stats/index.js'
import { setupDistributionCommand } from './distribution/index.js'
import { migrateCommand } from './migrate/command.js'
import { monitorCommand } from './monitor/command.js'
import { workerCommand } from './worker/command.js'

/**
 * The operator's CLI: `npm run cli -- <command> --help` explains each command. Command modules
 * define their flags from light modules; what only one command needs (the sandbox for `dev`, the
 * worker runtime for `worker`) is imported by its handler.
 */
await yargs(hideBin(process.argv))
  .scriptName('storacha-migration')
  .command(migrateCommand)
  .command(monitorCommand)
  .command(dashboardCommand)
  .command(setupDistributionCommand)
  .command(controlCommand)
  .command(devCommand)
  .command(statsCommand)
  .command(resetCommand)
  .command(rollbackCommand)
  .command(estimateCommand)
  .command(workerCommand)
  .command(keysCommand)
  .command(reauthorizeCommand)
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
