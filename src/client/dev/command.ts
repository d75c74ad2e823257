import { resolve } from 'node:path'
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs'
import type { FlagsOf } from '../shared/flags.js'
import { rejectFlags } from '../shared/output.js'
import { DEV_WORLD } from './dev-world.js'

function devFlags<T>(argv: Argv<T>) {
  return argv
    .option('dir', {
      type: 'string',
      default: '.stack/dev',
      describe: 'Logs, env file, reports and distribution files',
    })
    .option('customers', { type: 'number', default: DEV_WORLD.customers })
    .option('spaces', {
      type: 'number',
      default: DEV_WORLD.spacesPerCustomer,
      describe: 'per customer',
    })
    .option('uploads', {
      type: 'number',
      default: DEV_WORLD.uploadsPerSpace,
      describe: 'per space',
    })
    .option('instances', { type: 'number', default: 2 })
    .option('workers', { type: 'number', default: 2 })
    .option('headless', {
      type: 'boolean',
      default: false,
      describe: 'No Web UI',
    })
    .option('keep', {
      type: 'boolean',
      default: false,
      describe: 'Keep everything up after the run, until Ctrl+C',
    })
}

type DevArgs = ArgumentsCamelCase<FlagsOf<typeof devFlags<object>>>

/** The sandbox and the local stack load only when this command runs, never for the others. */
export const devCommand: CommandModule<object, DevArgs> = {
  command: 'dev',
  describe:
    'Run the whole migration on the embedded local stack and sandbox, end to end',
  builder: (argv) => devFlags(argv) as never,
  handler: async (args) => {
    for (const flag of [
      'customers',
      'spaces',
      'uploads',
      'instances',
      'workers',
    ] as const)
      if (!Number.isInteger(args[flag]) || args[flag] < 1)
        return rejectFlags(`--${flag} must be a positive whole number`)
    const { runDev } = await import('./run-dev.js')
    const stop = new AbortController()
    const onSignal = () => stop.abort()
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    try {
      process.exitCode = await runDev(
        { ...args, dir: resolve(args.dir), signal: stop.signal },
        (line) => console.log(line)
      )
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  },
}
